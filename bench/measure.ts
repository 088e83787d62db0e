// Timing and counting primitives: sequential latency samples with percentiles, closed-loop
// throughput at a fixed concurrency, and per-operation counts of Upstash requests (bridge
// stats) and origin calls (origin /metrics). Everything is bounded by sample counts or a
// fixed duration; nothing loops until a condition that might never hold.
import type { Stack } from "./stack.ts";

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentiles (the value at rank ceil(p·n)) of millisecond samples. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, mean: NaN, max: NaN };
  const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  return { n, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), mean, max: sorted[n - 1]! };
}

/** Total REST requests the bridge has answered since its last reset (the Upstash bill). */
export async function bridgeRequests(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.bridge.url}/__bridge/stats`, {
    headers: { authorization: `Bearer ${stack.bridgeToken}` },
  });
  if (!res.ok) throw new Error(`bridge stats: HTTP ${res.status}`);
  const stats = (await res.json()) as { requests: Record<string, number> };
  return Object.values(stats.requests).reduce((s, v) => s + v, 0);
}

/** Requests the origin has answered, all API routes (its own /metrics and /health excluded). */
export async function originCalls(stack: Stack, route?: string): Promise<number> {
  const res = await fetch(`${stack.origin.url}/metrics`, { headers: { authorization: `Bearer ${stack.originToken}` } });
  if (!res.ok) throw new Error(`origin metrics: HTTP ${res.status}`);
  let total = 0;
  for (const line of (await res.text()).split("\n")) {
    const m = /^pms_origin_requests_total\{route="([^"]*)",method="[A-Z]+",status="\d+"\} (\d+)$/.exec(line);
    if (!m || m[1] === "/metrics" || m[1] === "/health") continue;
    if (route === undefined || m[1] === route) total += Number(m[2]);
  }
  return total;
}

export interface OpSpec {
  /** Untimed, uncounted preparation before each sample (e.g. a generation bump for a MISS). */
  before?: (i: number) => Promise<void>;
  /** The timed operation. Returns a label to check (e.g. the Cache-Status) or nothing. */
  op: (i: number) => Promise<string | void>;
  /** Untimed clean-up after each sample (e.g. closing the position an approval opened). */
  after?: (i: number, label: string | void) => Promise<void>;
  samples: number;
  warmup: number;
  /** Samples whose Upstash requests and origin calls are counted one by one (default 30). */
  counted?: number;
  /** When set, a sample whose label does not contain it is counted as unexpected. */
  expect?: string;
}

export interface OpResult extends Percentiles {
  upstashPerOp: number;
  originPerOp: number;
  /** Samples whose label did not match `expect` (a HIT that was not a hit is reported, not hidden). */
  unexpected: number;
  lastLabel?: string;
}

/** Runs warm-up, then `samples` sequential timed operations; counts on the first `counted`. */
export async function measureOp(stack: Stack, spec: OpSpec): Promise<OpResult> {
  for (let i = 0; i < spec.warmup; i++) {
    await spec.before?.(i);
    const label = await spec.op(i);
    await spec.after?.(i, label);
  }
  const counted = Math.min(spec.samples, spec.counted ?? 30);
  const times: number[] = [];
  let upstash = 0;
  let origin = 0;
  let unexpected = 0;
  let lastLabel: string | undefined;
  for (let i = 0; i < spec.samples; i++) {
    await spec.before?.(spec.warmup + i);
    const counting = i < counted;
    const [u0, o0] = counting ? await Promise.all([bridgeRequests(stack), originCalls(stack)]) : [0, 0];
    const t0 = performance.now();
    const label = await spec.op(spec.warmup + i);
    times.push(performance.now() - t0);
    if (counting) {
      const [u1, o1] = await Promise.all([bridgeRequests(stack), originCalls(stack)]);
      upstash += u1 - u0;
      origin += o1 - o0;
    }
    if (spec.expect !== undefined && !(label ?? "").includes(spec.expect)) unexpected++;
    if (label) lastLabel = label;
    await spec.after?.(spec.warmup + i, label);
  }
  return {
    ...percentiles(times),
    upstashPerOp: upstash / counted,
    originPerOp: origin / counted,
    unexpected,
    lastLabel,
  };
}

export interface ThroughputResult extends Percentiles {
  concurrency: number;
  seconds: number;
  opsPerSec: number;
  unexpected: number;
}

/** Closed loop: `concurrency` workers issue operations back to back for `seconds`. */
export async function throughput(
  concurrency: number,
  seconds: number,
  op: () => Promise<string | void>,
  expect?: string,
): Promise<ThroughputResult> {
  const times: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const label = await op();
      times.push(performance.now() - t0);
      if (expect !== undefined && !(label ?? "").includes(expect)) unexpected++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { ...percentiles(times), concurrency, seconds: elapsed, opsPerSec: times.length / elapsed, unexpected };
}
