// `npm run bench -- --soak [--soak-seconds N]`: the consistency checker (test/support/consistency.ts)
// over HTTP against the bench's own stack (bench/stack.ts: redis-server, bridge, origin, the edge
// Worker in Miniflare, all on loopback), in four phases of a quarter of the time each (phases.ts).
// Prints a per-phase table and every violation's trace, writes the JSON; the caller exits
// non-zero when `ok` is false (a violation, or a fault that could not be injected).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname } from "node:path";
import { describeViolation, runConsistencyCheck } from "../../test/support/consistency.ts";
import { edgeSettled } from "../clients.ts";
import { startStack } from "../stack.ts";
import { edgeCheckFetch } from "./edge-fetch.ts";
import { PHASES, recover } from "./phases.ts";
import { phaseResult, renderSoakTable, type SoakResults } from "./report.ts";

export interface SoakOptions {
  seconds: number;
  out: string;
  readers?: number;
  writePauseMs?: number;
}

/** Past this a request counts as failed (status 0) instead of holding its loop past the window. */
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_TRACES = 50;

function log(message: string): void {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function runSoak(opts: SoakOptions): Promise<boolean> {
  const started = performance.now();
  const phaseMs = Math.round((opts.seconds * 1000) / PHASES.length);
  const readers = opts.readers ?? 8;
  const writePauseMs = opts.writePauseMs ?? 20;
  log("starting redis-server, bridge, origin, Miniflare (edge Worker)");
  const stack = await startStack();
  const redisDeadlineMs = Number(stack.vars.REDIS_DEADLINE_MS ?? 150);
  const results: SoakResults = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, node: process.version },
    options: { seconds: opts.seconds, phaseSeconds: phaseMs / 1000, readers, writePauseMs, redisDeadlineMs },
    durationSeconds: 0,
    phases: [],
    ok: true,
  };
  try {
    log(`stack up: edge ${stack.edgeUrl}, origin ${stack.origin.url}, bridge ${stack.bridge.url}`);
    const fetch = await edgeCheckFetch(stack.edgeUrl, REQUEST_TIMEOUT_MS);
    for (const phase of PHASES) {
      // Each phase starts with the edge's Redis breaker closed and no invalidation pending.
      await edgeSettled(stack);
      log(`phase ${phase.id}: ${phase.title}, ${phaseMs / 1000} s`);
      const t0 = performance.now();
      const report = await runConsistencyCheck({
        fetch,
        durationMs: phaseMs,
        readers,
        writePauseMs,
        events: phase.events({ stack, durationMs: phaseMs, redisDeadlineMs }),
      });
      await recover(stack);
      const traces = report.violations.slice(0, MAX_TRACES).map(describeViolation);
      for (const trace of traces) process.stderr.write(`[soak] VIOLATION in ${phase.id}\n${trace}\n`);
      const result = phaseResult(phase, report, (performance.now() - t0) / 1000, traces);
      result.missing = phase.missing({
        reads: report.reads,
        writes: report.writes,
        outcomes: result.readOutcomes,
        events: report.events,
      });
      results.phases.push(result);
      if (report.violations.length || report.events.some((e) => e.error)) results.ok = false;
      log(`phase ${phase.id}: ${report.summary}; violations ${report.violations.length}`);
    }
  } finally {
    await stack.close();
  }
  results.durationSeconds = (performance.now() - started) / 1000;
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(renderSoakTable(results));
  log(`wrote ${opts.out}`);
  return results.ok;
}
