// Origin request counts per route, read from the reference origin's Prometheus /metrics
// (pms_origin_requests_total by route template, method and status). The counters live in the
// origin process and restart at zero with it, so the rig folds each origin's last reading into a
// running total before it stops one.

export type OriginCalls = Record<string, number>;

const SERIES = /^pms_origin_requests_total\{route="((?:[^"\\]|\\.)*)",method="(\w+)",status="\d+"\} (\d+)$/;

/** "METHOD /route/template" → requests answered, whatever the status. */
export function parseOriginCalls(metrics: string): OriginCalls {
  const calls: OriginCalls = {};
  for (const line of metrics.split("\n")) {
    const m = SERIES.exec(line);
    if (!m) continue;
    const key = `${m[2]} ${m[1]}`;
    calls[key] = (calls[key] ?? 0) + Number(m[3]);
  }
  return calls;
}

export function addCalls(a: OriginCalls, b: OriginCalls): OriginCalls {
  const sum: OriginCalls = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

export async function readOriginCalls(originUrl: string, token: string): Promise<OriginCalls> {
  const res = await fetch(`${originUrl}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`origin /metrics: HTTP ${res.status} ${text.slice(0, 200)}`);
  return parseOriginCalls(text);
}
