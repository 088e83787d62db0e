// Writes go to the origin; dependent tiers are invalidated before the write is acknowledged and
// book and risk are pushed back, so the next read is a HIT carrying the post-write version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCalls, upstashRequests } from "./support/counters.ts";
import { type IsolatedSystem, isolatedSystem } from "./support/stack.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem();
});
afterAll(() => sys.dispose());

const json = (body: unknown) => ({ method: "POST", role: "MANAGER" as const, body: JSON.stringify(body) });

async function warm(path: string) {
  await sys.fetch(path, { role: "VIEWER" });
  const res = await sys.fetch(path, { role: "VIEWER" });
  expect(res.headers.get("Cache-Status")).toMatch(/hit/);
  return Number(res.headers.get("PMS-Data-Version"));
}

/** After a write that produced `version`, book and risk are HITs at that version, with no origin call. */
async function expectFreshHits(version: number) {
  const before = await originCalls(sys.origin);
  for (const path of ["/api/v1/pms/book", "/api/v1/pms/risk/live"]) {
    const res = await sys.fetch(path, { role: "VIEWER" });
    expect(res.headers.get("Cache-Status"), path).toMatch(/^pms-edge; hit/);
    expect(Number(res.headers.get("PMS-Data-Version")), path).toBe(version);
    expect(Number(res.headers.get("PMS-Computed-Version")), path).toBe(version);
  }
  expect(await originCalls(sys.origin)).toBe(before);
}

async function write(path: string, body: unknown, expected = 200) {
  const res = await sys.fetch(path, json(body));
  expect(res.status, await res.clone().text()).toBe(expected);
  const version = Number(res.headers.get("PMS-Data-Version"));
  expect(version).toBeGreaterThan(0);
  return {
    res,
    version,
    cacheStatus: res.headers.get("Cache-Status"),
    body: (await res.json()) as Record<string, any>,
  };
}

describe("write-through", () => {
  it("open, update-price, close and MTM each leave book and risk as HITs at the new version", async () => {
    const before = await warm("/api/v1/pms/book");
    await warm("/api/v1/pms/risk/live");

    const opened = await write(
      "/api/v1/pms/book/positions/open",
      {
        instrument: "IBOV_FUT",
        asset_class: "EQUITY",
        direction: "LONG",
        notional_brl: 1_000_000,
        execution_price: 125_000,
        manager_thesis: "test position",
        strategy_ids: ["test"],
      },
      201,
    );
    expect(opened.version).toBeGreaterThan(before);
    expect(opened.res.headers.get("Cache-Status")).not.toMatch(/invalidation-failed/);
    await expectFreshHits(opened.version);
    const book = (await (await sys.fetch("/api/v1/pms/book", { role: "VIEWER" })).json()) as {
      positions: Array<{ id: number }>;
    };
    expect(book.positions.map((p) => p.id)).toContain(opened.body.id);

    const priced = await write(`/api/v1/pms/book/positions/${opened.body.id}/update-price`, { price: 126_000 });
    await expectFreshHits(priced.version);

    const closed = await write(`/api/v1/pms/book/positions/${opened.body.id}/close`, { close_price: 126_000 });
    expect(closed.version).toBeGreaterThan(priced.version);
    await expectFreshHits(closed.version);

    const marked = await write("/api/v1/pms/mtm", { price_overrides: {} });
    await expectFreshHits(marked.version);
  });

  it("approve bumps portfolio and trades: book and risk fresh after it; reject bumps only trades, which no tier depends on", async () => {
    const pending = (await (
      await sys.fetch("/api/v1/pms/trades/proposals?status=PENDING", { role: "VIEWER" })
    ).json()) as Array<{ id: number; instrument: string }>;
    expect(pending.length).toBeGreaterThanOrEqual(2);
    await warm("/api/v1/pms/book");

    const approved = await write(`/api/v1/pms/trades/proposals/${pending[0]!.id}/approve`, {
      execution_price: 100,
      execution_notional_brl: 500_000,
    });
    expect(approved.body).toMatchObject({ status: "APPROVED", position_id: expect.any(Number) });
    await expectFreshHits(approved.version);
    const book = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    const positions = ((await book.json()) as { positions: Array<{ id: number }> }).positions;
    expect(positions.map((p) => p.id)).toContain((approved.body as { position_id: number }).position_id);

    const rejected = await write(`/api/v1/pms/trades/proposals/${pending[1]!.id}/reject`, {
      manager_notes: "too risky",
    });
    expect(rejected.cacheStatus).toBe('pms-edge; fwd=request; detail="bumped=trades"');
    // The blotter is never cached: it shows the rejection at once.
    const list = await sys.fetch("/api/v1/pms/trades/proposals?status=REJECTED", { role: "VIEWER" });
    expect(((await list.json()) as Array<{ id: number }>).map((p) => p.id)).toContain(pending[1]!.id);
    // The book does not depend on trades: still a HIT of the content computed at the approval,
    // current as of the rejection.
    const after = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    expect(after.headers.get("Cache-Status")).toMatch(/hit/);
    expect(Number(after.headers.get("PMS-Computed-Version"))).toBe(approved.version);
    expect(Number(after.headers.get("PMS-Data-Version"))).toBe(rejected.version);
  });

  it("generating a morning pack stores it: the next latest read is a HIT of that pack", async () => {
    await warm("/api/v1/pms/morning-pack/latest");
    const generated = await write("/api/v1/pms/morning-pack/generate", { force: true });
    const latest = await sys.fetch("/api/v1/pms/morning-pack/latest", { role: "VIEWER" });
    expect(latest.headers.get("Cache-Status")).toMatch(/hit/);
    expect(Number(latest.headers.get("PMS-Data-Version"))).toBe(generated.version);
    const pack = (await latest.json()) as { id: number; briefing_date: string };
    expect(pack.id).toBe(generated.body.id);
  });

  it("invalidates 20 cached attribution variants with one Upstash request", async () => {
    const paths: string[] = [];
    for (let day = 1; day <= 20; day++) {
      const d = String(day).padStart(2, "0");
      paths.push(`/api/v1/pms/attribution?period=custom&start_date=2025-01-${d}&end_date=2025-02-${d}`);
    }
    for (const path of paths) await sys.fetch(path, { role: "VIEWER" });
    for (const path of paths)
      expect((await sys.fetch(path, { role: "VIEWER" })).headers.get("Cache-Status")).toMatch(/hit/);

    // The returns backfill bumps portfolio and refreshes nothing: its only Upstash request is the bump.
    const before = await upstashRequests(sys.redis.id);
    const res = await sys.fetch("/api/v1/pms/pipeline/backfill-returns", { method: "POST", role: "ADMIN" });
    expect(res.status).toBe(200);
    expect((await upstashRequests(sys.redis.id)) - before).toBe(1);
    for (const path of paths)
      expect((await sys.fetch(path, { role: "VIEWER" })).headers.get("Cache-Status")).toMatch(/fwd=miss/);
  });

  it("passes origin errors through and bumps nothing", async () => {
    const before = await upstashRequests(sys.redis.id);
    const res = await sys.fetch("/api/v1/pms/book/positions/999999/close", json({ close_price: 10 }));
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toMatch(/problem\+json/);
    expect(await upstashRequests(sys.redis.id)).toBe(before);
  });
});
