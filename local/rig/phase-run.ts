// One phase of a many-isolate run: the consistency checker over every edge of the rig for a few
// seconds with faults scheduled, and small queries of its report that phases use to prove they
// exercised what they claim (cache outcomes per edge, committed writes, invalidation failures).
// Shared by the isolates tests (test/isolates/) and the bench's soak (bench/soak/).

import {
  type CheckFetch,
  type ConsistencyReport,
  cacheOutcome,
  type InvalidationFailureBound,
  runConsistencyCheck,
  type ScheduledEvent,
} from "../consistency/consistency.ts";
import { edgeCheckFetch } from "../consistency/edge-fetch.ts";
import type { Rig } from "./rig.ts";

/** The one instrument only the price writer moves: one LONG position in the demo fund, untouched by the other writers. */
export const WATCHED_INSTRUMENT = "UST_10Y";

export interface PhaseOptions {
  name: string;
  durationMs: number;
  events?: (rig: Rig) => ScheduledEvent[];
  writeEdges?: readonly number[];
  /** Default: the checker's mix of the four tiers and two uncached reads. */
  readPaths?: readonly string[];
  /** Where the phase's one-line numbers go (default console.info; the soak keeps stdout for its table). */
  log?: (line: string) => void;
}

export async function edgeFetches(rig: Rig): Promise<CheckFetch[]> {
  // Past any Redis or origin deadline of the rig, so a hung edge shows as a failed request.
  return Promise.all(rig.edges.map((e) => edgeCheckFetch(e.url, 8_000)));
}

export async function runPhase(
  rig: Rig,
  fetches: CheckFetch[],
  bound: InvalidationFailureBound,
  opts: PhaseOptions,
): Promise<ConsistencyReport> {
  const report = await runConsistencyCheck({
    edges: fetches,
    durationMs: opts.durationMs,
    readers: 6,
    // Writers pause between writes so reads between two portfolio writes can be hits: with the
    // checker's 20 ms, invalidations come so fast that on a loaded machine almost every read is
    // a miss waiting for another's fill, and a phase proves little about cached reads.
    writePauseMs: 200,
    writers: ["price", "open-close", "approve-reject", "pack"],
    watchedInstrument: WATCHED_INSTRUMENT,
    invalidationFailureBound: bound,
    events: opts.events?.(rig) ?? [],
    ...(opts.writeEdges ? { writeEdges: opts.writeEdges } : {}),
    ...(opts.readPaths ? { readPaths: opts.readPaths } : {}),
  });
  // The phase's numbers in the log: what a passing run exercised is worth reading too.
  (opts.log ?? console.info)(
    `${opts.name}: ${report.summary}; invalidation failures ${JSON.stringify(report.invalidationFailures)}; content reads ${contentReads(report)}`,
  );
  return report;
}

/** Every edge healthy again, and the breakers' cooldown past, before the next phase. */
export async function healAll(rig: Rig, cooldownMs: number): Promise<void> {
  await Promise.all(rig.edges.map((e) => e.setFault({})));
  await rig.startRedis();
  await rig.startOrigin();
  await new Promise((r) => setTimeout(r, cooldownMs));
}

export const ok = (status: number) => status >= 200 && status < 300;

/** Cache outcomes (hit, miss, stale, bypass) of the 2xx tier reads, optionally of one edge. */
export function outcomes(report: ConsistencyReport, edge?: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of report.reads) {
    if (!ok(r.status) || (edge !== undefined && r.edge !== edge)) continue;
    const o = cacheOutcome(r.cacheStatus);
    counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  return counts;
}

export function ackedKinds(report: ConsistencyReport): Set<string> {
  return new Set(report.writes.filter((w) => ok(w.status)).map((w) => w.kind));
}

/** Acknowledged writes whose Cache-Status reports a failed invalidation, optionally on one edge. */
export function invalidationFailedAcks(report: ConsistencyReport, edge?: number) {
  return report.writes.filter(
    (w) => ok(w.status) && /invalidation-failed/.test(w.cacheStatus ?? "") && (edge === undefined || w.edge === edge),
  );
}

/** Reads whose content the content oracle compared (a /book or pack body was parsed). */
export function contentReads(report: ConsistencyReport): number {
  return report.reads.filter((r) => r.content !== undefined).length;
}
