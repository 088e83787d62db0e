// The many-isolate phases: healthy, Redis slow, Redis flapping, Redis restarted, origin
// restarted, one isolate's Redis failing, one isolate partitioned. Each names its faults (as
// checker events, timed as fractions of its window so a longer soak stretches them) and what it
// claims to exercise, returned as the list of claims the run did not meet. The isolates test
// asserts that list is empty (test/isolates/many-isolates.test.ts); the bench's soak runs the
// same phases for longer and reports it (bench/soak/). Faults and vars are the ones the test
// was tuned with, so both exercise the same thing.
import type {
  CheckFetch,
  ConsistencyReport,
  InvalidationFailureBound,
  ScheduledEvent,
} from "../consistency/consistency.ts";
import type { OriginCalls } from "./origin-calls.ts";
import { ackedKinds, contentReads, healAll, invalidationFailedAcks, ok, outcomes, runPhase } from "./phase-run.ts";
import type { Rig } from "./rig.ts";

// Scaled for tests, not the product's defaults (those stay in wrangler.toml): three workerd
// processes, Redis, the origin and the driver share 2 cores (often with other runs), where
// healthy Upstash round trips pass the product's 150 ms and, seen in runs, sometimes 400 ms;
// 800 ms keeps a healthy edge healthy, and the fault delays below are placed around it. Short
// cooldowns and lease waits let a fault and its recovery fit in seconds. 2 s TTLs let the bound
// of an invalidation failure (TTL + slack) end inside a phase, so the checker verifies it.
export const PHASE_VARS = {
  REDIS_DEADLINE_MS: "800",
  REDIS_BREAKER_COOLDOWN_MS: "500",
  ORIGIN_TIMEOUT_MS: "3000",
  CACHE_LEASE_WAIT_MS: "300",
  CACHE_TTL_BOOK: "2",
  CACHE_TTL_RISK: "2",
  CACHE_TTL_MORNING_PACK: "2",
  CACHE_TTL_ATTRIBUTION: "2",
};
const TTL_MS = 2_000;
// One revalidation after the TTL: a stale serve while it runs, a Redis deadline or two, an origin call.
export const PHASE_BOUND: InvalidationFailureBound = {
  tierTtlMs: { book: TTL_MS, risk: TTL_MS, morning_pack: TTL_MS, attribution: TTL_MS },
  slackMs: 3_000,
};
const COOLDOWN_MS = 600;

/** What the rig looked like before and after a phase, for claims about counters. */
export interface RigSnapshot {
  originCalls: OriginCalls;
  /** Errors each edge's bridge answered, by edge index. */
  bridgeErrors: number[];
}

export interface RigPhase {
  id: string;
  title: string;
  /** The window at scale 1 (the test's). */
  durationMs: number;
  events?: (rig: Rig, durationMs: number) => ScheduledEvent[];
  /** Edges writes go to (default: all). */
  writeEdges?: number[];
  /** The claims the run did not meet, each as a sentence; empty when it exercised what it claims. */
  unmet(report: ConsistencyReport, before: RigSnapshot, after: RigSnapshot): string[];
}

const at = (atMs: number, name: string, run: () => Promise<void>): ScheduledEvent => ({ atMs, name, run });
const frac = (durationMs: number, f: number) => Math.round(durationMs * f);
const allBridges = (rig: Rig, fault: { delayMs?: number; mode?: "error" }) => () =>
  Promise.all(rig.edges.map((e) => e.setFault(fault))).then(() => undefined);
const claim = (met: boolean, unmetText: string) => (met ? [] : [unmetText]);
const ackedCount = (report: ConsistencyReport) => report.writes.filter((w) => ok(w.status)).length;
const bypasses = (report: ConsistencyReport, edge?: number) => outcomes(report, edge).get("bypass") ?? 0;
const hits = (report: ConsistencyReport, edge?: number) => outcomes(report, edge).get("hit") ?? 0;
const eventTick = (report: ConsistencyReport, name: string) =>
  report.events.find((e) => e.name === name)?.tick ?? Infinity;
// Redis healthy for the edges that write: invalidations go through (all on an idle machine;
// under heavy CPU load a few Upstash round trips can still pass the deadline).
const fewFailedInvalidations = (report: ConsistencyReport) =>
  claim(
    invalidationFailedAcks(report).length < ackedCount(report) / 4,
    "a quarter or more of the acknowledged writes failed their invalidation",
  );

/** Hits cost the origin nothing: its book requests are at most the reads that were not hits,
 * plus one refresh per portfolio write, plus the price writer's first look at the book. */
function bookCallsBounded(report: ConsistencyReport, before: RigSnapshot, after: RigSnapshot): string[] {
  const route = "GET /api/v1/pms/book";
  const originBooks = (after.originCalls[route] ?? 0) - (before.originCalls[route] ?? 0);
  const notHits = report.reads.filter(
    (r) => r.path === "/api/v1/pms/book" && !/; hit/.test(r.cacheStatus ?? ""),
  ).length;
  const refreshes = report.writes.filter((w) => ["price", "open", "close", "approve"].includes(w.kind)).length;
  return claim(
    originBooks <= notHits + refreshes + 1,
    `origin answered ${originBooks} book reads, more than ${notHits} non-HIT reads + ${refreshes} refreshes + 1`,
  );
}

function restart(
  id: string,
  title: string,
  durationMs: number,
  what: "redis" | "origin",
  down: [stopAt: number, startAt: number],
  unmet: RigPhase["unmet"],
): RigPhase {
  const stop = (rig: Rig) => (what === "redis" ? rig.stopRedis() : rig.stopOrigin());
  const start = (rig: Rig) => (what === "redis" ? rig.startRedis() : rig.startOrigin());
  return {
    id,
    title,
    durationMs,
    // Down between two fractions of the window (1 s to 2.5 s in the test's).
    events: (rig, ms) => [
      at(frac(ms, down[0]), `stop ${what}`, () => stop(rig)),
      at(frac(ms, down[1]), `start ${what}`, () => start(rig)),
    ],
    unmet,
  };
}

export const RIG_PHASES: readonly RigPhase[] = [
  {
    id: "healthy",
    title: "healthy: every edge serves hits, every writer commits, content and versions hold",
    durationMs: 5_000,
    unmet: (report, before, after) => [
      ...["price", "open", "close", "approve", "reject", "pack"]
        .filter((k) => !ackedKinds(report).has(k))
        .map((k) => `no acknowledged ${k}`),
      // Portfolio writes invalidate several times a second and TTLs are 2 s, so how many reads
      // hit depends on the machine's load: one is enough here.
      ...claim(hits(report) > 0, "no cache hit"),
      ...claim(contentReads(report) >= 10, "fewer than 10 reads checked by content"),
      ...fewFailedInvalidations(report),
      ...bookCallsBounded(report, before, after),
    ],
  },
  {
    id: "redis-slow",
    title: "Redis slow near and past the deadline on every bridge",
    durationMs: 6_000,
    events: (rig, ms) => [
      at(frac(ms, 1 / 12), "delay 650 ms (near the 800 ms deadline)", allBridges(rig, { delayMs: 650 })),
      at(frac(ms, 0.3), "delay 900 ms (just past it)", allBridges(rig, { delayMs: 900 })),
      at(frac(ms, 0.5), "delay 2500 ms (far past it)", allBridges(rig, { delayMs: 2_500 })),
      at(frac(ms, 0.7), "healthy", allBridges(rig, {})),
    ],
    unmet: (report) => [
      ...claim(bypasses(report) > 0, "no bypass (the deadline was never passed)"),
      ...claim(ackedKinds(report).size > 3, "fewer than four kinds of write acknowledged"),
    ],
  },
  {
    id: "redis-flapping",
    title: "Redis flapping on every bridge: reads bypass, writes retry their bump through the flaps",
    durationMs: 9_000,
    // Flaps of 250 ms whatever the window (shorter than a write's bump attempts), 10 in the
    // test's 9 s, more in a longer one; an even count, so the last switch is back to healthy.
    events: (rig, ms) => {
      const flaps = Math.max(10, 2 * Math.round(ms / 1_800));
      return Array.from({ length: flaps }, (_, i) =>
        at(500 + i * 250, `flap ${i}`, allBridges(rig, i % 2 === 0 ? { mode: "error" } : {})),
      );
    },
    unmet: (report) => {
      const bumped = report.writes.filter((w) => ok(w.status) && /fwd=request/.test(w.cacheStatus ?? ""));
      return [
        ...claim(bypasses(report) > 0, "no bypass"),
        // Failures that outlast the attempts: the partition phase.
        ...claim(
          bumped.length > report.invalidationFailures.failedWrites,
          "fewer writes bumped through the flaps than writes whose bump failed",
        ),
      ];
    },
  },
  restart("redis-restart", "Redis restarted empty mid-run", 9_000, "redis", [1 / 9, 5 / 18], (report) => {
    const started = eventTick(report, "start redis");
    return [
      ...claim(bypasses(report) > 0, "no bypass while Redis was down"),
      ...claim(
        report.writes.some((w) => ok(w.status) && w.startTick > started),
        "no write acknowledged after the restart",
      ),
      ...claim(
        report.reads.some((r) => r.startTick > started && /stored|; hit/.test(r.cacheStatus ?? "")),
        "the empty Redis was not filled again",
      ),
    ];
  }),
  // Down from 1 s to 2.5 s, then 6.5 s for writes to land: a restarted origin process boots in
  // well under a second on an idle machine, in several on a loaded one.
  restart("origin-restart", "origin restarted mid-run", 9_000, "origin", [1 / 9, 2.5 / 9], (report) => {
    const stopped = eventTick(report, "stop origin");
    const started = eventTick(report, "start origin");
    return [
      ...claim(
        report.writes.some((w) => w.status >= 500 || w.status === 0),
        "no write failed while the origin was down",
      ),
      // The failed writes' invalidation removed what was cached: an entry is never served after
      // a write that may have committed, so reads that needed the origin failed.
      ...claim(
        report.reads.some((r) => r.startTick > stopped && r.endTick < started && r.status >= 500),
        "no read failed while the origin was down",
      ),
      ...claim(
        report.writes.some((w) => ok(w.status) && w.startTick > started),
        "no write acknowledged after the restart",
      ),
    ];
  }),
  {
    id: "one-bridge-failing",
    title: "one isolate's bridge failing while the others are healthy (writes through the healthy ones)",
    durationMs: 6_000,
    events: (rig, ms) => [
      at(frac(ms, 0.05), "edge 0: bridge errors", () => rig.edges[0]!.setFault({ mode: "error" })),
      at(frac(ms, 5 / 6), "edge 0: healthy", () => rig.edges[0]!.setFault({})),
    ],
    writeEdges: [1, 2],
    unmet: (report) => [
      ...claim(bypasses(report, 0) > 0, "edge 0 never bypassed Redis"),
      ...claim(hits(report, 1) + hits(report, 2) > 0, "the healthy edges served no hit"),
      ...fewFailedInvalidations(report),
    ],
  },
  {
    id: "one-isolate-partitioned",
    title: "one isolate partitioned from Redis (hanging, then failing) while writes go through it too",
    // The fault lasts 5.2 s, so writes through edge 0 run out of bump attempts (three deadlines
    // and two pauses, about 2.7 s here) inside it however slowly the machine runs them; the 6.5 s
    // after it let the other edges be checked against those writes once their bound has passed.
    durationMs: 12_000,
    events: (rig, ms) => [
      at(frac(ms, 0.3 / 12), "edge 0: bridge hangs past the deadline, then fails", () =>
        rig.edges[0]!.setFault({ mode: "error", delayMs: 2_000 }),
      ),
      at(frac(ms, 5.5 / 12), "edge 0: healthy", () => rig.edges[0]!.setFault({})),
    ],
    unmet: (report, before, after) => [
      ...claim(bypasses(report, 0) > 0, "edge 0 never bypassed Redis"),
      ...claim((after.bridgeErrors[0] ?? 0) > (before.bridgeErrors[0] ?? 0), "edge 0's bridge refused nothing"),
      ...claim(invalidationFailedAcks(report, 0).length > 0, "no write through edge 0 failed its invalidation"),
      // The other edges were checked against those writes once their bound had passed.
      ...claim(report.invalidationFailures.checkedAfterBound > 0, "no read was checked after the bound"),
    ],
  },
];

export async function rigSnapshot(rig: Rig): Promise<RigSnapshot> {
  const [originCalls, stats] = await Promise.all([rig.originCalls(), Promise.all(rig.edges.map((e) => e.stats()))]);
  return { originCalls, bridgeErrors: stats.map((s) => s.errors) };
}

export interface PhaseOutcome {
  report: ConsistencyReport;
  unmet: string[];
  durationMs: number;
}

/** Runs one phase with its window × `scale`, heals every fault afterwards whatever happened, and judges its claims. */
export async function runRigPhase(
  rig: Rig,
  fetches: CheckFetch[],
  phase: RigPhase,
  options: { scale?: number; log?: (line: string) => void } = {},
): Promise<PhaseOutcome> {
  const scale = options.scale ?? 1;
  const durationMs = Math.round(phase.durationMs * scale);
  const before = await rigSnapshot(rig);
  let report: ConsistencyReport;
  try {
    report = await runPhase(rig, fetches, PHASE_BOUND, {
      name: phase.id,
      durationMs,
      ...(phase.events ? { events: (r: Rig) => phase.events!(r, durationMs) } : {}),
      ...(phase.writeEdges ? { writeEdges: phase.writeEdges } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } finally {
    await healAll(rig, COOLDOWN_MS);
  }
  const after = await rigSnapshot(rig);
  return { report, unmet: phase.unmet(report, before, after), durationMs };
}
