// The consistency checker (test/support/consistency.ts) against a whole isolated system: writers
// (MTM, open/close, approve/reject) and readers run concurrently for a few seconds while Redis is
// healthy, slow around its deadline, restarted, or while the origin restarts. No read that
// started after a write was acknowledged may return an older PMS-Data-Version, whatever its
// Cache-Status; a violation fails with the write and the read that broke the rule.
import { afterEach, describe, expect, it } from "vitest";
import { cacheOutcome, describeViolation, runConsistencyCheck, type ConsistencyReport, type ScheduledEvent } from "../support/consistency.ts";
import { expectConverged } from "../support/convergence.ts";
import { liveEdge } from "../support/live-edge.ts";
import { control, isolatedSystem, sleep, type IsolatedSystem, type TestEnv } from "../support/stack.ts";

let sys: IsolatedSystem | undefined;
afterEach(async () => {
  await sys?.dispose();
  sys = undefined;
});

// Short deadlines and cooldowns so a fault and its recovery both fit in a few seconds.
const FAST_RECOVERY: Partial<TestEnv> = {
  REDIS_DEADLINE_MS: "150",
  REDIS_BREAKER_COOLDOWN_MS: "500",
  ORIGIN_TIMEOUT_MS: "2000",
  CACHE_LEASE_WAIT_MS: "300",
};

async function run(durationMs: number, events: (s: IsolatedSystem) => ScheduledEvent[]): Promise<ConsistencyReport> {
  sys = await isolatedSystem(FAST_RECOVERY);
  const live = liveEdge(sys.env);
  const report = await runConsistencyCheck({ fetch: live.fetch, durationMs, readers: 8, events: events(sys) });
  await live.settle();
  const failedEvents = report.events.filter((e) => e.error);
  expect(failedEvents, JSON.stringify(failedEvents)).toEqual([]);
  expect(report.violations.map(describeViolation).join("\n\n"), report.summary).toBe("");
  return report;
}

const acked = (r: ConsistencyReport) => r.writes.filter((w) => w.status >= 200 && w.status < 300);
const okReads = (r: ConsistencyReport) => r.reads.filter((x) => x.status === 200);
const outcomes = (r: ConsistencyReport) => new Set(okReads(r).map((x) => cacheOutcome(x.cacheStatus)));

describe("consistency under concurrent writers and readers", () => {
  it("Redis healthy: every read is at least as new as every write acknowledged before it", async () => {
    const report = await run(5_000, () => []);
    // The run exercised what it claims to: every writer committed, and reads were served from cache.
    const kinds = new Set(acked(report).map((w) => w.kind));
    for (const kind of ["mtm", "open", "close", "approve", "reject"]) expect(kinds, report.summary).toContain(kind);
    expect(outcomes(report), report.summary).toContain("hit");
    // Enough reads to have interleaved with every writer; how many depends on the machine's speed.
    expect(okReads(report).length, report.summary).toBeGreaterThan(40);
    await expectConverged(sys!);
  });

  it("Redis slow near and beyond its deadline", async () => {
    const report = await run(7_000, (s) => [
      { atMs: 1_000, name: "delay 120 ms (near the 150 ms deadline)", run: () => control("POST", `/redis/${s.redis.id}/fault`, { delayMs: 120 }).then(() => undefined) },
      { atMs: 2_500, name: "delay 160 ms (just past it)", run: () => control("POST", `/redis/${s.redis.id}/fault`, { delayMs: 160 }).then(() => undefined) },
      { atMs: 4_000, name: "delay 600 ms (far past it)", run: () => control("POST", `/redis/${s.redis.id}/fault`, { delayMs: 600 }).then(() => undefined) },
      { atMs: 5_000, name: "healthy", run: () => control("POST", `/redis/${s.redis.id}/fault`, {}).then(() => undefined) },
    ]);
    expect(outcomes(report), report.summary).toContain("bypass");
    await sleep(600); // the breaker's cooldown
    await expectConverged(sys!);
  });

  it("Redis flapping (failing and answering every 250 ms)", async () => {
    const report = await run(6_000, (s) =>
      Array.from({ length: 14 }, (_, i) => ({
        atMs: 1_000 + i * 250,
        name: `flap ${i}`,
        run: () => control("POST", `/redis/${s.redis.id}/fault`, i % 2 === 0 && i < 13 ? { mode: "error" } : {}).then(() => undefined),
      })),
    );
    // Reads saw Redis fail; writes retry their bump through the flaps (most are acknowledged bumped).
    expect(outcomes(report), report.summary).toContain("bypass");
    await sleep(600);
    await expectConverged(sys!);
  });

  it("Redis restarted (empty) mid-run", async () => {
    const report = await run(7_000, (s) => [
      { atMs: 1_500, name: "stop redis", run: () => control("POST", `/redis/${s.redis.id}/stop`).then(() => undefined) },
      { atMs: 3_500, name: "start redis", run: () => control("POST", `/redis/${s.redis.id}/start`).then(() => undefined) },
    ]);
    expect(outcomes(report), report.summary).toContain("bypass");
    expect(acked(report).some((w) => w.ackTick > report.events.find((e) => e.name === "start redis")!.tick), report.summary).toBe(true);
    await sleep(600);
    await expectConverged(sys!);
  });

  it("origin restarted mid-run", async () => {
    const report = await run(7_000, (s) => [
      { atMs: 1_500, name: "stop origin", run: () => control("POST", `/origins/${s.origin.id}/stop`).then(() => undefined) },
      { atMs: 3_500, name: "start origin", run: () => control("POST", `/origins/${s.origin.id}/start`).then(() => undefined) },
    ]);
    // While it was down some reads failed (recorded, not violations) and some were served from cache.
    expect(report.reads.some((x) => x.status >= 500), report.summary).toBe(true);
    expect(report.writes.some((w) => w.status >= 500), report.summary).toBe(true);
    await expectConverged(sys!);
  });
});
