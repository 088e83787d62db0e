// The fault suite: Redis down (at start, mid-request), slow past its deadline, answering garbage;
// the origin down, slow past its timeout, answering 5xx, dropping the connection before or after
// it committed a write. For each: what the client sees (status, Cache-Status), that the edge
// never loses a write nor applies it twice (origin data version, positions, journal, requests that
// reached the origin), and that once the fault is gone the cache converges (fresh reads, then HITs).
import { afterEach, describe, expect, it } from "vitest";
import { expectConverged } from "../support/convergence.ts";
import { originDataVersion } from "../support/counters.ts";
import { bridgeFault, proxyFault, proxyLog } from "../support/fault-control.ts";
import { liveEdge } from "../support/live-edge.ts";
import { control, type IsolatedSystem, isolatedSystem, sleep, type TestEnv } from "../support/stack.ts";

let sys: IsolatedSystem | undefined;
afterEach(async () => {
  await sys?.dispose();
  sys = undefined;
});

// Deadlines scaled for busy test machines (a healthy Redis answers well within 400 ms there),
// faults placed well past them.
const FAST: Partial<TestEnv> = {
  REDIS_DEADLINE_MS: "400",
  REDIS_BREAKER_COOLDOWN_MS: "300",
  ORIGIN_TIMEOUT_MS: "1000",
  CACHE_LEASE_WAIT_MS: "200",
};

const BOOK = "/api/v1/pms/book";
const manager = (body: unknown) => ({ method: "POST", role: "MANAGER" as const, body: JSON.stringify(body) });

/** An open with a notional no other position has, so the test can count what was stored. */
function openBody() {
  const notional = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  return {
    notional,
    body: {
      instrument: "ES",
      asset_class: "EQUITY",
      direction: "LONG",
      notional_brl: notional,
      execution_price: 5_000,
      manager_thesis: "fault suite position",
      strategy_ids: ["faults"],
    },
  };
}

/** Open positions and OPEN journal entries with this notional, read through the edge. */
async function storedCopies(s: IsolatedSystem, notional: number): Promise<{ positions: number; journal: number }> {
  const positions = (await (
    await s.fetch("/api/v1/pms/book/positions?is_open=true", { role: "VIEWER" })
  ).json()) as Array<{ notional_brl: number }>;
  const journal = (await (
    await s.fetch("/api/v1/pms/journal?entry_type=OPEN&limit=500", { role: "VIEWER" })
  ).json()) as Array<{ notional_brl: number }>;
  return {
    positions: positions.filter((p) => p.notional_brl === notional).length,
    journal: journal.filter((j) => j.notional_brl === notional).length,
  };
}

/** Warms the book so a fault that forgot to invalidate would show up as a stale HIT. */
async function warmBook(s: IsolatedSystem): Promise<number> {
  await s.fetch(BOOK, { role: "VIEWER" });
  const res = await s.fetch(BOOK, { role: "VIEWER" });
  expect(res.headers.get("Cache-Status")).toMatch(/; hit/);
  return Number(res.headers.get("PMS-Data-Version"));
}

describe("Redis faults", () => {
  it("Redis down from the start: reads bypass, the write commits once, the cache converges after", async () => {
    sys = await isolatedSystem(FAST);
    await control("POST", `/redis/${sys.redis.id}/stop`);
    const live = liveEdge(sys.env);
    const read = await live.fetch(BOOK, { role: "VIEWER" });
    expect(read.status).toBe(200);
    expect(read.headers.get("Cache-Status")).toMatch(/fwd=bypass/);

    const before = await originDataVersion(sys.origin);
    const write = await live.fetch("/api/v1/pms/mtm", {
      role: "MANAGER",
      method: "POST",
      body: JSON.stringify({ price_overrides: {} }),
    });
    expect(write.status).toBe(200);
    expect(write.headers.get("Cache-Status")).toMatch(/fwd=bypass; detail=invalidation-failed/);
    expect(Number(write.headers.get("PMS-Data-Version"))).toBe(before + 1);
    expect(await originDataVersion(sys.origin)).toBe(before + 1);

    await control("POST", `/redis/${sys.redis.id}/start`);
    await live.settle(); // the background invalidation retry reaches the restarted Redis
    await expectConverged(sys);
    expect(await originDataVersion(sys.origin)).toBe(before + 1);
  });

  it("Redis stops while a write is at the origin: committed once, reported, never served stale", async () => {
    sys = await isolatedSystem(FAST);
    const cached = await warmBook(sys);
    await control("POST", `/origins/${sys.origin.id}/latency`, { ms: 400 });
    const live = liveEdge(sys.env);
    const pending = live.fetch("/api/v1/pms/mtm", {
      role: "MANAGER",
      method: "POST",
      body: JSON.stringify({ price_overrides: {} }),
    });
    await sleep(150);
    await control("POST", `/redis/${sys.redis.id}/stop`);
    const write = await pending;
    await control("POST", `/origins/${sys.origin.id}/latency`, { ms: 0 });
    expect(write.status).toBe(200);
    expect(write.headers.get("Cache-Status")).toMatch(/invalidation-failed/);
    const version = Number(write.headers.get("PMS-Data-Version"));
    expect(version).toBe(cached + 1);

    // Redis is back (empty) before the retry gave up: the book is the written one, never the warmed one.
    await control("POST", `/redis/${sys.redis.id}/start`);
    const read = await live.fetch(BOOK, { role: "VIEWER" });
    expect(Number(read.headers.get("PMS-Data-Version"))).toBe(version);
    await live.settle();
    await expectConverged(sys);
    expect(await originDataVersion(sys.origin)).toBe(version);
  });

  // A bridge slower than the 400 ms deadline, or one answering HTML: both are "Redis failing".
  it.each([
    ["slower than its deadline", { delayMs: 1500 }],
    ["answering garbage", { mode: "garbage" }],
  ] as const)(
    "bridge %s: reads bypass, the write commits once and is never read older, then converges",
    async (_name, fault) => {
      sys = await isolatedSystem(FAST);
      const cached = await warmBook(sys);
      await bridgeFault(sys, fault);
      const live = liveEdge(sys.env);
      const read = await live.fetch(BOOK, { role: "VIEWER" });
      expect(read.status).toBe(200);
      expect(read.headers.get("Cache-Status")).toMatch(/fwd=bypass/);
      const write = await live.fetch("/api/v1/pms/mtm", {
        role: "MANAGER",
        method: "POST",
        body: JSON.stringify({ price_overrides: {} }),
      });
      expect(write.status).toBe(200);
      expect(write.headers.get("Cache-Status")).toMatch(/invalidation-failed/);
      expect(Number(write.headers.get("PMS-Data-Version"))).toBe(cached + 1);
      // Whatever Redis did with the late requests, no read after the write is older than it.
      for (let i = 0; i < 5; i++) {
        const after = await live.fetch(BOOK, { role: "VIEWER" });
        expect(Number(after.headers.get("PMS-Data-Version"))).toBeGreaterThanOrEqual(cached + 1);
      }
      await bridgeFault(sys, {});
      await sleep(350); // the breaker's cooldown
      await live.settle();
      await expectConverged(sys);
      expect(await originDataVersion(sys.origin)).toBe(cached + 1);
    },
  );
});

describe("origin faults", () => {
  it("origin down: uncached reads and writes answer 502 problem+json, nothing is committed", async () => {
    sys = await isolatedSystem(FAST);
    const cached = await warmBook(sys);
    await control("POST", `/origins/${sys.origin.id}/stop`);
    const read = await sys.fetch("/api/v1/pms/book/positions", { role: "VIEWER" });
    expect(read.status).toBe(502);
    expect(read.headers.get("Content-Type")).toMatch(/problem\+json/);
    const write = await sys.fetch("/api/v1/pms/mtm", manager({ price_overrides: {} }));
    expect(write.status).toBe(502);
    expect(write.headers.get("Content-Type")).toMatch(/problem\+json/);
    await control("POST", `/origins/${sys.origin.id}/start`);
    expect(await originDataVersion(sys.origin)).toBe(cached);
    await expectConverged(sys);
  });

  it("origin slower than its timeout: 504, and a write it committed late is never hidden by the cache", async () => {
    sys = await isolatedSystem(FAST, { originProxy: true });
    const cached = await warmBook(sys);
    // The origin commits at once and answers after 1.5 s; the edge gives up at 1 s.
    await control("POST", `/origins/${sys.origin.id}/latency`, { ms: 1_500 });
    const write = await sys.fetch("/api/v1/pms/mtm", manager({ price_overrides: {} }));
    expect(write.status).toBe(504);
    expect(write.headers.get("Content-Type")).toMatch(/problem\+json/);
    const cold = await sys.fetch("/api/v1/pms/attribution?period=ytd", { role: "VIEWER" });
    expect(cold.status).toBe(504);
    await control("POST", `/origins/${sys.origin.id}/latency`, { ms: 0 });
    expect(await originDataVersion(sys.origin)).toBe(cached + 1);
    const posts = (await proxyLog(sys)).filter((r) => r.method === "POST");
    expect(posts.map((r) => r.url)).toEqual(["/api/v1/pms/mtm"]); // sent once, never retried
    // The write's outcome was unknown to the edge; the next read must not be the pre-write HIT.
    await expectConverged(sys);
  });

  it("origin answering 500: passed through as problem+json, a cached tier is served stale-if-error", async () => {
    sys = await isolatedSystem(FAST, { originProxy: true });
    const cached = await warmBook(sys);
    await proxyFault(sys, { mode: "error500" });
    const write = await sys.fetch("/api/v1/pms/mtm", manager({ price_overrides: {} }));
    expect(write.status).toBe(500);
    expect(write.headers.get("Content-Type")).toMatch(/problem\+json/);
    const cold = await sys.fetch("/api/v1/pms/attribution?period=qtd", { role: "VIEWER" });
    expect(cold.status).toBe(500);
    expect(cold.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=500/);
    const stale = await sys.fetch(BOOK, { role: "ADMIN", headers: { "Cache-Control": "no-cache" } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("Cache-Status")).toMatch(/fwd=stale; fwd-status=500/);
    expect(Number(stale.headers.get("PMS-Data-Version"))).toBe(cached);
    await proxyFault(sys, { mode: "pass" });
    expect(await originDataVersion(sys.origin)).toBe(cached);
    await expectConverged(sys);
    // The refused attribution was not stored: it is fetched fresh now.
    const again = await sys.fetch("/api/v1/pms/attribution?period=qtd", { role: "VIEWER" });
    expect(again.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);
  });

  // drop-before: the origin never saw the open; drop-after: it committed, the answer was lost.
  it.each([
    ["drop-before", 0],
    ["drop-after", 1],
  ] as const)(
    "connection dropped (%s): 502, the open committed %i time(s) and never twice, the cache converges",
    async (mode, copies) => {
      sys = await isolatedSystem(FAST, { originProxy: true });
      const cached = await warmBook(sys);
      const { notional, body } = openBody();
      await proxyFault(sys, { mode, method: "POST", remaining: 1 });
      const write = await sys.fetch("/api/v1/pms/book/positions/open", manager(body));
      expect(write.status).toBe(502);
      expect(write.headers.get("Content-Type")).toMatch(/problem\+json/);

      expect(await originDataVersion(sys.origin)).toBe(cached + copies);
      expect((await proxyLog(sys)).filter((r) => r.method === "POST")).toHaveLength(1); // never retried
      expect(await storedCopies(sys, notional)).toEqual({ positions: copies, journal: copies });
      // The book shows what the origin holds now, not the HIT warmed before the write.
      await expectConverged(sys);
      const book = (await (await sys.fetch(BOOK, { role: "VIEWER" })).json()) as {
        positions: Array<{ notional_brl: number }>;
      };
      expect(book.positions.filter((p) => p.notional_brl === notional)).toHaveLength(copies);
    },
  );
});
