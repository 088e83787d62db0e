// `npm run bench -- --soak [--soak-seconds N]`: the many-isolate consistency checker
// (local/consistency/) over the rig (local/rig/rig.ts: one redis-server, one origin, three edges
// each in its own workerd behind its own bridge), through the phases the isolates test runs
// (local/rig/phases.ts), each window stretched so the phases together last about N seconds.
// Prints a per-phase table and every violation's trace, writes the JSON; the caller exits
// non-zero when `ok` is false (a violation on either oracle, or a fault that could not be injected).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname } from "node:path";
import { describeViolation } from "../../local/consistency/consistency.ts";
import { edgeFetches } from "../../local/rig/phase-run.ts";
import { PHASE_VARS, RIG_PHASES, runRigPhase } from "../../local/rig/phases.ts";
import { startRig } from "../../local/rig/rig.ts";
import { phaseResult, renderSoakTable, type SoakResults } from "./report.ts";

export interface SoakOptions {
  seconds: number;
  out: string;
}

const EDGES = 3;
const MAX_TRACES = 50;

function log(message: string): void {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function runSoak(opts: SoakOptions): Promise<boolean> {
  const started = performance.now();
  const baseMs = RIG_PHASES.reduce((sum, p) => sum + p.durationMs, 0);
  const scale = (opts.seconds * 1000) / baseMs;
  log(`starting the rig: redis-server, origin, ${EDGES} edges (workerd + bridge each)`);
  const rig = await startRig({ instances: EDGES, vars: PHASE_VARS });
  const results: SoakResults = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, node: process.version },
    options: { seconds: opts.seconds, edges: EDGES, scale, vars: PHASE_VARS },
    durationSeconds: 0,
    phases: [],
    ok: true,
  };
  try {
    const fetches = await edgeFetches(rig);
    log(`rig up: edges ${rig.edges.map((e) => e.url).join(", ")}; phase windows × ${scale.toFixed(2)}`);
    for (const phase of RIG_PHASES) {
      log(`phase ${phase.id}: ${phase.title}`);
      const t0 = performance.now();
      const { report, unmet } = await runRigPhase(rig, fetches, phase, { scale, log });
      const traces = report.violations.slice(0, MAX_TRACES).map(describeViolation);
      for (const trace of traces) process.stderr.write(`[soak] VIOLATION in ${phase.id}\n${trace}\n`);
      results.phases.push(phaseResult(phase, report, (performance.now() - t0) / 1000, traces, unmet));
      if (report.violations.length || report.events.some((e) => e.error)) results.ok = false;
      log(`phase ${phase.id}: ${report.summary}; violations ${report.violations.length}`);
    }
  } finally {
    await rig.close();
  }
  results.durationSeconds = (performance.now() - started) / 1000;
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(renderSoakTable(results));
  log(`wrote ${opts.out}`);
  return results.ok;
}
