// The markdown of the rows this bench added for the edge's promises: the write budget (a write
// through the edge costs one origin round trip plus one Upstash round trip), the read right after
// a write's acknowledgement, stampedes over three isolates (≤ 2 origin calls per isolate), and
// the HIT path against an earlier commit (HIT / floor at or below its value then).
import type { LatencyRow } from "./report.ts";
import type { HitPathResult } from "./scenarios/hit-path.ts";
import type { ReadAfterWriteRow } from "./scenarios/read-after-write.ts";
import { STAMPEDE_PROMISE_PER_ISOLATE, type StampedeRow } from "./scenarios/stampede.ts";
import { WRITE_KINDS } from "./scenarios/writes.ts";

/** An edge write may cost at most this × (the origin's own write + one Upstash round trip), at p50. */
export const WRITE_BUDGET_FACTOR = 1.2;

const f = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? "—" : v.toFixed(digits));
const mix = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${v}× \`${k}\``)
    .join(", ");

export interface WriteBudgetCheck {
  kind: string;
  edgeP50: number;
  originP50: number;
  floorP50: number;
  budget: number;
  meets: boolean;
}

export function writeBudget(latency: readonly LatencyRow[], originLatencyMs: number): WriteBudgetCheck[] {
  const p50 = (id: string, ms: number) => latency.find((r) => r.id === id && r.originLatencyMs === ms)?.p50;
  const floorP50 = p50("floor-upstash", 0);
  const checks: WriteBudgetCheck[] = [];
  for (const kind of WRITE_KINDS) {
    const edgeP50 = p50(`write-${kind}`, originLatencyMs);
    const originP50 = p50(`origin-write-${kind}`, originLatencyMs);
    if (edgeP50 === undefined || originP50 === undefined || floorP50 === undefined) continue;
    const budget = WRITE_BUDGET_FACTOR * (originP50 + floorP50);
    checks.push({ kind, edgeP50, originP50, floorP50, budget, meets: edgeP50 <= budget });
  }
  return checks;
}

export function writeBudgetTable(latency: readonly LatencyRow[], originLatencyMs: number): string[] {
  const checks = writeBudget(latency, originLatencyMs);
  if (checks.length === 0) return [];
  return [
    "",
    `### Writes: one origin round trip (origin +${originLatencyMs} ms, p50)`,
    "",
    `Promise: edge write p50 ≤ ${WRITE_BUDGET_FACTOR} × (origin's own write p50 + Upstash floor p50).`,
    "",
    "| write | edge p50 ms | origin direct p50 ms | Upstash floor p50 ms | budget ms | meets |",
    "|---|--:|--:|--:|--:|---|",
    ...checks.map(
      (c) =>
        `| ${c.kind} | ${f(c.edgeP50)} | ${f(c.originP50)} | ${f(c.floorP50)} | ${f(c.budget)} | ${c.meets ? "yes" : "**NO**"} |`,
    ),
  ];
}

export function readAfterWriteTable(rows: readonly (ReadAfterWriteRow & { originLatencyMs: number })[]): string[] {
  if (rows.length === 0) return [];
  return [
    "",
    "### Read right after the write's acknowledgement (POST /mtm, then GET /book, same edge)",
    "",
    "| origin latency | samples | read returned the write's data | origin calls of its own | read p50 ms | p99 ms | answers by Cache-Status |",
    "|--:|--:|--:|--:|--:|--:|---|",
    ...rows.map(
      (r) =>
        `| +${r.originLatencyMs} ms | ${r.samples} | ${r.sawWrite} / ${r.samples} | ${r.ownOriginCalls} | ` +
        `${f(r.readMs.p50)} | ${f(r.readMs.p99)} | ${mix(r.statuses)} |`,
    ),
  ];
}

export function stampedeTable(rows: readonly StampedeRow[]): string[] {
  if (rows.length === 0) return [];
  const edges = rows[0]!.originCallsByEdge.length;
  return [
    "",
    `### Stampede over ${edges} isolates: concurrent cold reads of GET /book, product vars`,
    "",
    `Promise: ≤ ${STAMPEDE_PROMISE_PER_ISOLATE} origin calls per isolate. Per isolate: the answers that led an origin call (fwd=miss or fwd=bypass, not collapsed); total: the origin's /metrics.`,
    "",
    "| row | requests | origin calls | per isolate | meets ≤ 2 per isolate | answers by Cache-Status | p50 ms | p99 ms |",
    "|---|--:|--:|---|---|---|--:|--:|",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.requests} | ${r.originCalls} | ${r.originCallsByEdge.join(" / ")}` +
        `${r.attributedMatches ? "" : " (⚠ leaders ≠ origin count)"} | ${r.meetsPromise ? "yes" : "**NO**"} | ` +
        `${mix(r.statuses)} | ${f(r.ms.p50)} | ${f(r.ms.p99)} |`,
    ),
  ];
}

export function hitPathTable(r: HitPathResult | undefined): string[] {
  if (!r) return [];
  const at = r.baselineCommit.slice(0, 7);
  const notHit = r.tiers.reduce((s, t) => s + t.notHit.now + t.notHit.before, 0);
  return [
    "",
    `### HIT path: this code against ${at}, one run, samples interleaved`,
    "",
    `Promise: HIT / floor+runtime p50 at or below its value at ${at}, every tier; each over its own floor ` +
      `(the floor Worker with today's Upstash client options: p50 ${f(r.floorNow.p50)} ms; with the client's ` +
      `defaults, as at ${at}: p50 ${f(r.floorBefore.p50)} ms). ${r.rounds} rounds; each round takes one sample ` +
      `of every series, in an order shuffled every round.${notHit > 0 ? ` ⚠ ${notHit} answers were not a HIT.` : ""}`,
    "",
    `| tier | HIT p50 ms now | at ${at} | p95 now | p95 at ${at} | HIT / floor now | at ${at} | at or below |`,
    "|---|--:|--:|--:|--:|--:|--:|---|",
    ...r.tiers.map(
      (t) =>
        `| ${t.path} | ${f(t.now.p50)} | ${f(t.before.p50)} | ${f(t.now.p95)} | ${f(t.before.p95)} | ` +
        `${f(t.ratioNow)} | ${f(t.ratioBefore)} | ${t.atOrBelow ? "yes" : "**NO**"} |`,
    ),
  ];
}
