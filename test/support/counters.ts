// Counting what the edge did, from the outside: Upstash REST requests through a bridge's stats
// and origin calls through the origin's Prometheus /metrics.
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import { control, type OriginStack } from "./stack.ts";

interface BridgeStats {
  requests: Record<string, number>;
  commands: number;
  errors: number;
}

/** HTTP requests the bridge of a Redis stack has answered on /, /pipeline and /multi-exec. */
export async function upstashRequests(stackId: string): Promise<number> {
  const stats = await control<BridgeStats>("GET", `/redis/${stackId}/stats`);
  return Object.values(stats.requests).reduce((a, b) => a + b, 0);
}

/**
 * Requests the origin answered on PMS routes (its /health and /metrics excluded), optionally
 * only those of one route template and method.
 */
export async function originCalls(
  origin: OriginStack,
  filter: { route?: string; method?: string } = {},
): Promise<number> {
  const res = await fetch(`${origin.url}/metrics`, { headers: { Authorization: `Bearer ${origin.token}` } });
  const text = await res.text();
  let total = 0;
  for (const line of text.split("\n")) {
    const m = /^pms_origin_requests_total\{route="([^"]*)",method="([^"]*)",status="\d+"\} (\d+)$/.exec(line);
    if (!m) continue;
    const [, route, method, count] = m;
    if (!route!.startsWith(API_PREFIX)) continue;
    if (filter.route && route !== filter.route) continue;
    if (filter.method && method !== filter.method) continue;
    total += Number(count);
  }
  return total;
}

/** The origin's committed data version, as its /metrics reports it. */
export async function originDataVersion(origin: OriginStack): Promise<number> {
  const res = await fetch(`${origin.url}/metrics`, { headers: { Authorization: `Bearer ${origin.token}` } });
  const m = /^pms_origin_data_version (\d+)$/m.exec(await res.text());
  if (!m) throw new Error("origin /metrics has no pms_origin_data_version");
  return Number(m[1]);
}
