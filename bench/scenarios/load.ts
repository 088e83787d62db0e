// Load: HIT throughput at concurrency 1, 8 and 32 (closed loop, fixed duration), and a burst of
// 100 concurrent cold reads of one key — how many origin calls the lease lets through
// (docs/cache-protocol.md §Fills and leases: never more than a few).
import { type EdgeIsolateState, edgeGet, edgeIsolate, edgeSettled } from "../clients.ts";
import { originCalls, type Percentiles, percentiles, type ThroughputResult, throughput } from "../measure.ts";
import type { Stack } from "../stack.ts";
import { generationBumper, primeHit } from "./reads.ts";

export async function measureThroughput(stack: Stack, levels: number[], seconds: number): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = [];
  for (const concurrency of levels) {
    await primeHit(stack, "/book");
    results.push(await throughput(concurrency, seconds, () => edgeGet(stack, "/book"), "hit"));
  }
  return results;
}

export interface BurstResult {
  requests: number;
  /** Origin calls for GET /book during the burst. */
  originCalls: number;
  /** How many answers carried each Cache-Status (parameters like ttl stripped). */
  statuses: Record<string, number>;
  ms: Percentiles;
  /** The edge isolate right after the burst: did Redis calls fail (breaker), were tiers bypassed? */
  isolateAfter: { breaker: EdgeIsolateState["breaker"]; bypassed: number };
  /** Milliseconds until the breaker closed again (0 when it never opened). */
  settleMs: number;
}

/** The Cache-Status without its varying parameters (ttl=…), so answers group by kind. */
export function kindOf(status: string): string {
  return status
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith("ttl="))
    .join("; ");
}

export async function measureBurst(stack: Stack, size: number): Promise<BurstResult> {
  await generationBumper(stack)();
  const isolateBefore = await edgeIsolate(stack);
  const before = await originCalls(stack, "/api/v1/pms/book");
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: size }, async () => {
      const t0 = performance.now();
      const status = kindOf(await edgeGet(stack, "/book"));
      times.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }),
  );
  const calls = (await originCalls(stack, "/api/v1/pms/book")) - before;
  const after = await edgeIsolate(stack);
  const t0 = performance.now();
  await edgeSettled(stack);
  return {
    requests: size,
    originCalls: calls,
    statuses,
    ms: percentiles(times),
    isolateAfter: { breaker: after.breaker, bypassed: after.counters.bypass - isolateBefore.counters.bypass },
    settleMs: performance.now() - t0,
  };
}
