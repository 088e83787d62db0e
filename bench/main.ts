// `npm run bench [-- --quick] [-- --latency-ms 100]`: starts its own stack (bench/stack.ts),
// runs every scenario once with the origin at its natural speed and once with a simulated
// remote origin (+latency-ms on every origin response), prints a markdown table and writes
// bench/results/latest.json. bench/write-results.ts turns that JSON into bench/RESULTS.md.
// `npm run bench -- --soak [--soak-seconds 120]` runs the consistency soak instead (bench/soak/).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { startRig } from "../local/rig/rig.ts";
import { BASELINE_REF } from "./baseline-edge.ts";
import { edgeIsolate, edgeSettled, emptyCache } from "./clients.ts";
import type { OpResult } from "./measure.ts";
import { type LatencyRow, type Machine, type Results, renderMarkdown } from "./report.ts";
import { rigEdgeTargets } from "./rig-edges.ts";
import { runFloor } from "./scenarios/floor.ts";
import { measureHitPath } from "./scenarios/hit-path.ts";
import { runInvalidation } from "./scenarios/invalidation.ts";
import { measureBurst, measureThroughput } from "./scenarios/load.ts";
import { measureReadAfterWrite } from "./scenarios/read-after-write.ts";
import { measureHit, measureMiss, measureOriginDirect, READ_TIERS } from "./scenarios/reads.ts";
import { runStampedes, type StampedeRow } from "./scenarios/stampede.ts";
import { measureWrite, WRITE_KINDS, type WriteKind } from "./scenarios/writes.ts";
import { startStack } from "./stack.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "latency-ms": { type: "string", default: "100" },
    // Default: bench/results/latest.json, or quick.json for --quick (a smoke run must not
    // replace the results RESULTS.md was written from).
    out: { type: "string" },
    // The consistency soak (bench/soak/run-soak.ts) instead of the benchmarks.
    soak: { type: "boolean", default: false },
    "soak-seconds": { type: "string", default: "120" },
    // The earlier commit the HIT path is timed against, in the same run (bench/baseline-edge.ts).
    baseline: { type: "string", default: BASELINE_REF },
    "hit-path-only": { type: "boolean", default: false },
  },
});
const quick = args.quick!;
const hitPathOnly = args["hit-path-only"]!;
const outPath =
  args.out ??
  (args["hit-path-only"]
    ? "bench/results/hit-path.json"
    : quick
      ? "bench/results/quick.json"
      : "bench/results/latest.json");
const remoteMs = Number(args["latency-ms"]);
if (!Number.isInteger(remoteMs) || remoteMs < 1 || remoteMs > 5000) throw new Error("--latency-ms must be 1..5000");

// Samples per row, chosen so the full run stays well under 10 minutes on 2 cores.
const N = quick
  ? {
      floor: 100,
      hit: 100,
      hitRemote: 30,
      miss: 30,
      missRemote: 10,
      origin: 30,
      originRemote: 10,
      writes: 15,
      writesRemote: 5,
      throughputSeconds: 1,
      burst: 100,
      bursts: 1,
      bump: 50,
      edgeWrite: 5,
      readAfterWrite: 10,
      stampede: 100,
      hitPathRounds: 100,
      hitPathWarmup: 20,
    }
  : {
      floor: 1000,
      hit: 1000,
      hitRemote: 300,
      miss: 300,
      missRemote: 100,
      origin: 300,
      originRemote: 60,
      writes: 100,
      writesRemote: 30,
      throughputSeconds: 5,
      burst: 100,
      bursts: 3,
      bump: 300,
      edgeWrite: 20,
      readAfterWrite: 30,
      stampede: 100,
      hitPathRounds: 1000,
      hitPathWarmup: 50,
    };
const baselineReps = (variants: number) =>
  quick ? (variants >= 10_000 ? 2 : 3) : variants >= 10_000 ? 5 : variants >= 1000 ? 10 : 30;

const WRITE_PATHS: Record<WriteKind, string> = {
  mtm: "POST /mtm",
  open: "POST /book/positions/open",
  close: "POST /book/positions/{id}/close",
  approve: "POST /trades/proposals/{id}/approve",
};

function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadavg(),
    date: new Date().toISOString(),
  };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The stampede rows over the many-isolate rig: three edges with the product's default vars. */
async function runStampedeRows(size: number): Promise<StampedeRow[]> {
  log("starting the rig: redis-server, origin, 3 edges (workerd + bridge each), wrangler.toml's vars");
  const rig = await startRig({ instances: 3 });
  try {
    const rows = await runStampedes({ rig, edges: await rigEdgeTargets(rig) }, size, log);
    for (const r of rows)
      log(
        `stampede ${r.label}: ${r.originCalls} origin calls (per isolate ${r.originCallsByEdge.join("/")}), ` +
          `${r.meetsPromise ? "meets" : "FAILS"} the ≤ 2 per isolate promise; p50 ${r.ms.p50.toFixed(0)} ms`,
      );
    return rows;
  } finally {
    await rig.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const results: Results = {
    machine: machine(),
    options: { quick, remoteLatencyMs: remoteMs, samples: N },
    durationSeconds: 0,
    notes: [],
    latency: [],
    throughput: [],
    burst: [],
    invalidation: [],
    readAfterWrite: [],
    stampede: [],
    ratios: {},
  };
  const row = (id: string, label: string, originLatencyMs: number, r: OpResult, extra: Partial<LatencyRow> = {}) => {
    results.latency.push({ id, label, originLatencyMs, ...r, ...extra });
    log(
      `${label} (origin +${originLatencyMs} ms): p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, n ${r.n}` +
        (extra.edgeBypassed ? `, ${extra.edgeBypassed} edge bypasses` : ""),
    );
  };

  log(`starting redis-server, bridge, origin, Miniflare (edge, floor Workers, the edge at ${args.baseline})`);
  const stack = await startStack({ baselineRef: args.baseline });
  try {
    log(
      `stack up: edge ${stack.edgeUrl}, floor ${stack.floorUrl}, origin ${stack.origin.url}, bridge ${stack.bridge.url}`,
    );
    const floor = await runFloor(stack, N.floor);
    row("floor-upstash", "Upstash GET via bridge (Node client) — floor", 0, floor.upstashGet);
    row("floor-worker", "Worker doing one Upstash GET — floor + runtime", 0, floor.floorWorker);

    // An edge row starts with the Redis breaker closed (a previous row under load may have
    // tripped it) and records how many answers the edge sent past Redis while it ran.
    const edgeRow = async (id: string, label: string, latency: number, run: () => Promise<OpResult>) => {
      const t0 = performance.now();
      const before = await edgeSettled(stack);
      const waited = performance.now() - t0;
      if (waited > 500)
        results.notes.push(
          `Before "${label}" (+${latency} ms) the edge's Redis breaker was open; waited ${(waited / 1000).toFixed(1)} s.`,
        );
      const r = await run();
      const after = await edgeIsolate(stack);
      row(id, label, latency, r, {
        edgeBypassed: after.counters.bypass - before.counters.bypass,
        edgeBreakerAfter: `${after.breaker.state}, ${after.breaker.consecutiveFailures} failures in a row`,
      });
    };

    if (stack.baseline) {
      log(`HIT path: every tier on this code and at ${args.baseline}, with both floors, interleaved`);
      await edgeSettled(stack);
      results.hitPath = await measureHitPath(stack, N.hitPathRounds, N.hitPathWarmup);
      for (const t of results.hitPath.tiers)
        log(
          `HIT ${t.tier} / floor: ${t.ratioNow.toFixed(2)} now, ${t.ratioBefore.toFixed(2)} before ` +
            `(p50 ${t.now.p50.toFixed(2)} / ${t.before.p50.toFixed(2)} ms)`,
        );
    } else {
      const why = `The HIT path against ${args.baseline} was skipped: ${stack.baselineMissing ?? "no baseline edge"}.`;
      results.notes.push(why);
      log(why);
    }

    // `--hit-path-only` stops here: a quick look at the HIT path after a change to it.
    if (!hitPathOnly) {
      const latencies = [0, remoteMs];
      // Reads first, on the seeded book (writes would grow it: every close lands in closed_today).
      for (const latency of latencies) {
        stack.setOriginLatency(latency);
        const far = latency > 0;
        for (const { tier, path } of far ? READ_TIERS.slice(0, 1) : READ_TIERS) {
          await edgeRow(`hit-${tier}`, `edge HIT ${path}`, latency, () =>
            measureHit(stack, path, far ? N.hitRemote : N.hit),
          );
        }
        await edgeRow("miss-book", "edge MISS /book (generation moved)", latency, () =>
          measureMiss(stack, far ? N.missRemote : N.miss),
        );
        for (const { tier, path } of READ_TIERS) {
          row(
            `origin-${tier}`,
            `origin direct ${path}`,
            latency,
            await measureOriginDirect(stack, path, far ? N.originRemote : N.origin),
          );
        }
      }
      stack.setOriginLatency(0);
      log("HIT throughput at concurrency 1, 8, 32");
      await edgeSettled(stack);
      results.throughput = await measureThroughput(stack, [1, 8, 32], N.throughputSeconds);
      // A burst may trip the edge's Redis breaker; measureBurst waits until it closes again.
      for (const latency of latencies) {
        stack.setOriginLatency(latency);
        for (let b = 0; b < N.bursts; b++) {
          log(`burst of ${N.burst} cold reads (origin +${latency} ms)`);
          results.burst.push({ originLatencyMs: latency, ...(await measureBurst(stack, N.burst)) });
        }
      }
      // Every write row starts from a freshly seeded origin and an empty cache (the reseeded
      // origin's data versions start below the cache's version floor). The same writes posted
      // straight to the origin are what an edge write is held to: one origin round trip plus one
      // Upstash round trip (report-rows.ts).
      const freshWriteStart = async (latency: number) => {
        await stack.reseedOrigin();
        stack.setOriginLatency(latency);
        await emptyCache(stack);
      };
      for (const latency of latencies) {
        const samples = latency > 0 ? N.writesRemote : N.writes;
        for (const kind of WRITE_KINDS) {
          await freshWriteStart(latency);
          await edgeRow(`write-${kind}`, `edge write ${WRITE_PATHS[kind]}`, latency, () =>
            measureWrite(stack, kind, samples),
          );
          await freshWriteStart(latency);
          row(
            `origin-write-${kind}`,
            `origin direct ${WRITE_PATHS[kind]}`,
            latency,
            await measureWrite(stack, kind, samples, "origin"),
          );
        }
        await freshWriteStart(latency);
        await edgeSettled(stack);
        log(`read right after each POST /mtm's acknowledgement (origin +${latency} ms)`);
        results.readAfterWrite!.push({
          originLatencyMs: latency,
          ...(await measureReadAfterWrite(stack, N.readAfterWrite)),
        });
      }
      stack.setOriginLatency(0);
      await stack.reseedOrigin();
      await emptyCache(stack);
      await edgeSettled(stack);

      log("invalidation: seed DEL+SCAN vs generation bump, 10 / 1,000 / 10,000 variants");
      results.invalidation = await runInvalidation(stack, {
        variantCounts: [10, 1000, 10_000],
        baselineReps,
        bumpReps: N.bump,
        edgeWriteReps: N.edgeWrite,
      });
    }
  } finally {
    await stack.close();
  }
  // After the single-edge stack is gone, so the two never share the cores.
  if (!hitPathOnly) results.stampede = await runStampedeRows(N.stampede);

  const p50 = (id: string, latency = 0) =>
    results.latency.find((r) => r.id === id && r.originLatencyMs === latency)?.p50;
  const floorRuntime = p50("floor-worker");
  for (const { tier } of READ_TIERS) {
    const hit = p50(`hit-${tier}`);
    const origin = p50(`origin-${tier}`);
    // From the interleaved HIT path when it ran: rows timed one after the other divide p50s taken
    // under different loads (a 1,000-sample row lasts seconds; the machine's load moves meanwhile).
    const interleaved = results.hitPath?.tiers.find((t) => t.tier === tier)?.ratioNow;
    if (interleaved !== undefined) results.ratios[`HIT ${tier} / floor+runtime (interleaved)`] = interleaved;
    else if (hit && floorRuntime) results.ratios[`HIT ${tier} / floor+runtime`] = hit / floorRuntime;
    if (hit && origin) results.ratios[`origin ${tier} / HIT ${tier}`] = origin / hit;
    const originFar = p50(`origin-${tier}`, remoteMs);
    if (hit && originFar) results.ratios[`origin ${tier} (+${remoteMs} ms) / HIT ${tier}`] = originFar / hit;
  }
  results.durationSeconds = (performance.now() - started) / 1000;
  results.machine.loadAverageAtEnd = loadavg();
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(outPath, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(renderMarkdown(results));
  log(`wrote ${outPath} (${results.durationSeconds.toFixed(0)} s)`);
}

if (args.soak) {
  const seconds = Number(args["soak-seconds"]);
  if (!Number.isInteger(seconds) || seconds < 20 || seconds > 3600) throw new Error("--soak-seconds must be 20..3600");
  const { runSoak } = await import("./soak/run-soak.ts");
  const ok = await runSoak({ seconds, out: args.out ?? "bench/results/soak-latest.json" });
  process.exitCode = ok ? 0 : 1;
} else {
  await main();
}
