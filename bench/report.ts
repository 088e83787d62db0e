// The benchmark's results: their JSON shape (bench/results/latest.json) and the markdown tables
// printed at the end of a run and embedded in bench/RESULTS.md.
import type { OpResult, ThroughputResult } from "./measure.ts";
import { hitPathTable, readAfterWriteTable, stampedeTable, writeBudgetTable } from "./report-rows.ts";
import type { HitPathResult } from "./scenarios/hit-path.ts";
import type { InvalidationRow } from "./scenarios/invalidation.ts";
import type { BurstResult } from "./scenarios/load.ts";
import type { ReadAfterWriteRow } from "./scenarios/read-after-write.ts";
import type { StampedeRow } from "./scenarios/stampede.ts";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverage: number[];
  /** Load average when the run ended (other work on the machine shows up in the tails). */
  loadAverageAtEnd?: number[];
  date: string;
}

export interface LatencyRow extends OpResult {
  id: string;
  label: string;
  /** Origin simulated latency during the row (0 = natural speed). */
  originLatencyMs: number;
  /** Edge rows: answers the edge sent past Redis (breaker open, invalidation pending) during the row. */
  edgeBypassed?: number;
  /** Edge rows: the Redis breaker was open or counting failures when the row ended. */
  edgeBreakerAfter?: string;
}

export interface Results {
  machine: Machine;
  options: { quick: boolean; remoteLatencyMs: number; samples: Record<string, number> };
  durationSeconds: number;
  /** Why parts were skipped (e.g. the edge Worker is not on this branch yet). */
  notes: string[];
  latency: LatencyRow[];
  throughput: ThroughputResult[];
  burst: (BurstResult & { originLatencyMs: number })[];
  invalidation: InvalidationRow[];
  /** Absent in results written before these rows existed. */
  readAfterWrite?: (ReadAfterWriteRow & { originLatencyMs: number })[];
  stampede?: StampedeRow[];
  /** The HIT path against an earlier commit, interleaved (absent in older results). */
  hitPath?: HitPathResult;
  ratios: Record<string, number>;
}

const f = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? "—" : v.toFixed(digits));

function latencyTable(r: Results): string[] {
  const remote = r.options.remoteLatencyMs;
  const ids = [...new Set(r.latency.map((row) => row.id))];
  const lines = [
    `| operation | p50 ms | p95 ms | p99 ms | n | origin +${remote} ms: p50 | p95 | p99 | n | Upstash req/op | origin calls/op |`,
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const id of ids) {
    const natural = r.latency.find((row) => row.id === id && row.originLatencyMs === 0);
    const far = r.latency.find((row) => row.id === id && row.originLatencyMs === remote);
    const any = (natural ?? far)!;
    const rows = r.latency.filter((row) => row.id === id);
    const unexpected = rows.reduce((s, row) => s + row.unexpected, 0);
    const bypassed = rows.reduce((s, row) => s + (row.edgeBypassed ?? 0), 0);
    const warn =
      (unexpected > 0 ? ` ⚠ ${unexpected} answers not as expected` : "") +
      (bypassed > 0 ? ` ⚠ ${bypassed} edge bypasses` : "");
    lines.push(
      `| ${any.label}${warn} | ${f(natural?.p50)} | ${f(natural?.p95)} | ${f(natural?.p99)} | ${natural?.n ?? "—"} ` +
        `| ${f(far?.p50)} | ${f(far?.p95)} | ${f(far?.p99)} | ${far?.n ?? "—"} | ${f(any.upstashPerOp, 1)} | ${f(any.originPerOp, 1)} |`,
    );
  }
  return lines;
}

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const out: string[] = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
      `load average (1/5/15 min) at start ${m.loadAverage.map((l) => l.toFixed(2)).join(" ")}` +
      (m.loadAverageAtEnd ? `, at end ${m.loadAverageAtEnd.map((l) => l.toFixed(2)).join(" ")}` : "") +
      `; ${m.date}; ` +
      `run took ${r.durationSeconds.toFixed(0)} s${r.options.quick ? " (--quick)" : ""}.`,
    "",
    "### Latency (sequential, one request at a time)",
    "",
    ...latencyTable(r),
    ...hitPathTable(r.hitPath),
    ...writeBudgetTable(r.latency, r.options.remoteLatencyMs),
    ...readAfterWriteTable(r.readAfterWrite ?? []),
  ];
  if (r.throughput.length > 0) {
    out.push(
      "",
      "### HIT throughput (GET /book, closed loop)",
      "",
      "| concurrency | ops/s | p50 ms | p95 ms | p99 ms | requests | not a HIT |",
      "|--:|--:|--:|--:|--:|--:|--:|",
    );
    for (const t of r.throughput) {
      out.push(
        `| ${t.concurrency} | ${f(t.opsPerSec, 0)} | ${f(t.p50)} | ${f(t.p95)} | ${f(t.p99)} | ${t.n} | ${t.unexpected} |`,
      );
    }
  }
  if (r.burst.length > 0) {
    out.push(
      "",
      "### Burst: concurrent cold reads of one key (GET /book after a generation bump)",
      "",
      "| origin latency | requests | origin calls | answers by Cache-Status | p50 ms | p99 ms | edge breaker after | failures in a row |",
      "|--:|--:|--:|---|--:|--:|---|--:|",
    );
    for (const b of r.burst) {
      const statuses = Object.entries(b.statuses)
        .map(([k, v]) => `${v}× \`${k}\``)
        .join(", ");
      const breaker = b.isolateAfter.breaker;
      out.push(
        `| +${b.originLatencyMs} ms | ${b.requests} | ${b.originCalls} | ${statuses} | ${f(b.ms.p50)} | ${f(b.ms.p99)} ` +
          `| ${breaker.state}${breaker.state === "open" ? ` (closed again after ${f(b.settleMs / 1000, 1)} s)` : ""} | ${breaker.consecutiveFailures} |`,
      );
    }
  }
  out.push(...stampedeTable(r.stampede ?? []));
  if (r.invalidation.length > 0) {
    out.push(
      "",
      "### Invalidation cost by number of cached attribution variants",
      "",
      "| variants | seed DEL+SCAN: requests | p50 ms | max ms | reps | edge bump: requests | p50 ms | p99 ms | reps | edge POST /mtm: Upstash req | p50 ms |",
      "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    );
    for (const i of r.invalidation) {
      out.push(
        `| ${i.variants} | ${f(i.baseline.requests, 1)} | ${f(i.baseline.ms.p50)} | ${f(i.baseline.ms.max)} | ${i.baseline.reps} ` +
          `| ${f(i.edgeBump.requests, 1)} | ${f(i.edgeBump.ms.p50)} | ${f(i.edgeBump.ms.p99)} | ${i.edgeBump.reps} ` +
          `| ${f(i.edgeWrite?.upstashRequests, 1)} | ${f(i.edgeWrite?.ms.p50)} |`,
      );
    }
  }
  if (Object.keys(r.ratios).length > 0) {
    out.push(
      "",
      "### Ratios (p50)",
      "",
      "HIT / floor+runtime (interleaved) is the HIT path table's; the origin / HIT ratios divide p50s of rows" +
        " timed one after the other.",
      "",
      "| ratio | value |",
      "|---|--:|",
    );
    for (const [name, value] of Object.entries(r.ratios)) out.push(`| ${name} | ${f(value)} |`);
  }
  if (r.notes.length > 0) out.push("", "Notes:", ...r.notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}
