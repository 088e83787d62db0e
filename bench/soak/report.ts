// The soak's results: one row per phase (JSON in bench/results/soak-latest.json) and the table
// printed at the end of a run.
import { type ConsistencyReport, cacheOutcome } from "../../test/support/consistency.ts";
import type { PhaseId } from "./phases.ts";

export interface PhaseResult {
  id: PhaseId;
  title: string;
  durationSeconds: number;
  reads: number;
  /** Reads that got no 2xx (origin down and nothing usable cached, timeouts): recorded, not checked. */
  failedReads: number;
  /** Cache-Status outcome of the 2xx reads: hit, miss, stale, bypass, none (uncached routes). */
  readOutcomes: Record<string, number>;
  writes: number;
  ackedWrites: number;
  failedWrites: number;
  /** Acknowledged writes whose Cache-Status reports a failed invalidation (docs/cache-protocol.md §Failures). */
  invalidationFailedWrites: number;
  /** Acknowledged writes by kind (mtm, open, close, approve, reject, generate). */
  ackedByKind: Record<string, number>;
  /** Lowest and highest PMS-Data-Version acknowledged in the phase. */
  versions: [number, number] | null;
  events: ConsistencyReport["events"];
  /** What the phase claims to exercise but did not (⚠ in the table, not a failure). */
  missing: string[];
  violations: number;
  /** describeViolation of the first violations (capped so a broken run stays readable). */
  violationTraces: string[];
  summary: string;
}

export interface SoakResults {
  date: string;
  machine: { cores: number; node: string };
  options: { seconds: number; phaseSeconds: number; readers: number; writePauseMs: number; redisDeadlineMs: number };
  durationSeconds: number;
  phases: PhaseResult[];
  ok: boolean;
}

const is2xx = (status: number) => status >= 200 && status < 300;

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

export function phaseResult(
  phase: { id: PhaseId; title: string },
  report: ConsistencyReport,
  durationSeconds: number,
  traces: string[],
): PhaseResult {
  const acked = report.writes.filter((w) => is2xx(w.status));
  const versions = acked.map((w) => w.version).filter((v): v is number => v !== null);
  return {
    id: phase.id,
    title: phase.title,
    durationSeconds,
    reads: report.reads.length,
    failedReads: report.reads.filter((r) => !is2xx(r.status)).length,
    readOutcomes: count(
      report.reads.filter((r) => is2xx(r.status)),
      (r) => cacheOutcome(r.cacheStatus),
    ),
    writes: report.writes.length,
    ackedWrites: acked.length,
    failedWrites: report.writes.length - acked.length,
    invalidationFailedWrites: acked.filter((w) => /invalidation-failed/.test(w.cacheStatus ?? "")).length,
    ackedByKind: count(acked, (w) => w.kind),
    versions: versions.length ? [Math.min(...versions), Math.max(...versions)] : null,
    events: report.events,
    missing: [],
    violations: report.violations.length,
    violationTraces: traces,
    summary: report.summary,
  };
}

export function renderSoakTable(results: SoakResults): string {
  const o = results.options;
  const lines = [
    `## Soak: consistency checker against the edge (${o.seconds} s, 4 phases of ${o.phaseSeconds} s, ${o.readers} readers, ` +
      `writers mtm / open-close / approve-reject, REDIS_DEADLINE_MS ${o.redisDeadlineMs})`,
    "",
    "| phase | reads | failed reads | hit | miss | stale | bypass | writes acked | writes failed | invalidation failed | versions | violations |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|",
  ];
  for (const p of results.phases) {
    const r = p.readOutcomes;
    const flag = p.missing.length || p.events.some((e) => e.error) ? " ⚠" : "";
    lines.push(
      `| ${p.title}${flag} | ${p.reads} | ${p.failedReads} | ${r.hit ?? 0} | ${r.miss ?? 0} | ${r.stale ?? 0} | ${r.bypass ?? 0} | ` +
        `${p.ackedWrites} | ${p.failedWrites} | ${p.invalidationFailedWrites} | ${p.versions ? `${p.versions[0]}–${p.versions[1]}` : "—"} | ${p.violations} |`,
    );
  }
  const notes = results.phases.flatMap((p) => [
    ...p.missing.map((m) => `- ⚠ ${p.id}: ${m}`),
    ...p.events.filter((e) => e.error).map((e) => `- ⚠ ${p.id}: event "${e.name}" failed: ${e.error}`),
  ]);
  if (notes.length) lines.push("", ...notes);
  lines.push(
    "",
    `Result: ${results.ok ? "no violation" : "VIOLATIONS (each one's trace is on stderr)"}; ${results.durationSeconds.toFixed(0)} s in all.`,
    "",
  );
  return lines.join("\n");
}
