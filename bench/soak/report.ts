// The soak's results: one row per phase (JSON in bench/results/soak-latest.json) and the table
// printed at the end of a run.
import { type ConsistencyReport, cacheOutcome, type Violation } from "../../local/consistency/consistency.ts";
import { contentReads } from "../../local/rig/phase-run.ts";

export interface PhaseResult {
  id: string;
  title: string;
  durationSeconds: number;
  /** Reads per edge index (the checker picks an edge at random for each). */
  readsByEdge: Record<string, number>;
  /** Reads whose body the content oracle compared (/book and the pack). */
  contentReads: number;
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
  /** Violations of the version oracles (data and computed version) and of the content oracle. */
  versionViolations: number;
  contentViolations: number;
  /** describeViolation of the first violations (capped so a broken run stays readable). */
  violationTraces: string[];
  summary: string;
}

export interface SoakResults {
  date: string;
  machine: { cores: number; node: string };
  /** scale: each phase's window is its test window × scale; vars: what every edge ran with. */
  options: { seconds: number; edges: number; scale: number; vars: Record<string, string> };
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

const CONTENT_RULES: ReadonlySet<Violation["rule"]> = new Set([
  "price-older-than-acked-write",
  "opened-position-missing",
  "closed-position-present",
  "pack-older-than-acked-generate",
]);

export function phaseResult(
  phase: { id: string; title: string },
  report: ConsistencyReport,
  durationSeconds: number,
  traces: string[],
  missing: string[],
): PhaseResult {
  const contentViolations = report.violations.filter((v) => CONTENT_RULES.has(v.rule)).length;
  const acked = report.writes.filter((w) => is2xx(w.status));
  const versions = acked.map((w) => w.version).filter((v): v is number => v !== null);
  return {
    id: phase.id,
    title: phase.title,
    durationSeconds,
    reads: report.reads.length,
    readsByEdge: count(report.reads, (r) => String(r.edge)),
    contentReads: contentReads(report),
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
    missing,
    violations: report.violations.length,
    versionViolations: report.violations.length - contentViolations,
    contentViolations,
    violationTraces: traces,
    summary: report.summary,
  };
}

export function renderSoakTable(results: SoakResults): string {
  const o = results.options;
  const vars = Object.entries(o.vars)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const lines = [
    `## Soak: many-isolate consistency checker over the rig (${o.edges} edges, ${o.seconds} s, ` +
      `${results.phases.length} phases, windows × ${o.scale.toFixed(2)} of the isolates test's; vars ${vars})`,
    "",
    "| phase | s | reads | failed reads | content-checked | hit | miss | stale | bypass | writes acked | writes failed | invalidation failed | versions | version violations | content violations |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|",
  ];
  for (const p of results.phases) {
    const r = p.readOutcomes;
    const flag = p.missing.length || p.events.some((e) => e.error) ? " ⚠" : "";
    lines.push(
      `| ${p.id}${flag} | ${p.durationSeconds.toFixed(1)} | ${p.reads} | ${p.failedReads} | ${p.contentReads} | ` +
        `${r.hit ?? 0} | ${r.miss ?? 0} | ${r.stale ?? 0} | ${r.bypass ?? 0} | ` +
        `${p.ackedWrites} | ${p.failedWrites} | ${p.invalidationFailedWrites} | ${p.versions ? `${p.versions[0]}–${p.versions[1]}` : "—"} | ` +
        `${p.versionViolations} | ${p.contentViolations} |`,
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
