import { describe, expect, it } from "vitest";
import { fundToday } from "../../src/cache/fund-date.ts";
import { harness, json, MANAGER } from "./harness.ts";

describe("writeThrough", () => {
  it("bumps portfolio before answering and pushes fresh book and risk back, so the next reads are HITs", async () => {
    const h = harness();
    await h.get("/book");
    await h.get("/attribution?period=ytd");
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.status).toBe(200);
    expect(write.headers.get("Cache-Status")).toBe('pms-edge; fwd=request; stored; detail="bumped=portfolio refreshed=book/' + fundToday(Date.now()) + ",risk/" + fundToday(Date.now()) + '"');
    // the refresh was fetched as the caller
    const refreshCalls = h.origin.gets().slice(2);
    expect(refreshCalls.map((c) => c.path).sort()).toEqual(["/api/v1/pms/book", "/api/v1/pms/risk/live"]);
    expect(refreshCalls.every((c) => c.identity?.sub === MANAGER.sub)).toBe(true);

    const callsBefore = h.origin.calls.length;
    const book = await h.get("/book");
    expect(book.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(book.headers.get("PMS-Data-Version")).toBe("2");
    expect(await book.json()).toMatchObject({ version: 2, cached: true });
    expect((await h.get("/risk/live")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(h.origin.calls.length).toBe(callsBefore);
    // attribution depends on portfolio too and was not refreshed: a MISS at the new version
    const attribution = await h.get("/attribution?period=ytd");
    expect(attribution.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(await attribution.json()).toMatchObject({ version: 2 });
  });

  it("does not overwrite a newer entry with an older refresh (set-if-newer)", async () => {
    const h = harness();
    const cache = h.cache();
    const gens = await cache.invalidatePortfolioData();
    expect(await cache.refreshBook({ body: '{"v":5}', version: 5 }, gens)).toBe(true);
    expect(await cache.refreshBook({ body: '{"v":4}', version: 4 }, gens)).toBe(false);
    expect(await cache.refreshBook({ body: '{"v":5b}', version: 5 }, gens)).toBe(true);
    expect((await cache.getBook())?.body).toBe('{"v":5b}');
  });

  it("passes a failed write through and bumps nothing", async () => {
    const h = harness();
    await h.get("/book");
    h.origin.handler = (call) => (call.method === "POST" ? json({ title: "conflict" }, 1, 409) : undefined);
    const write = await h.post("/book/positions/3/close", { close_price: 1 });
    expect(write.status).toBe(409);
    expect(write.headers.get("Cache-Status")).toBeNull();
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("bumps only the journal on a journal outcome", async () => {
    const h = harness();
    await h.get("/book");
    const before = await h.cache().generations(["journal", "portfolio"]);
    const write = await h.post("/journal/1/outcome", { outcome_notes: "worked" });
    expect(write.headers.get("Cache-Status")).toBe('pms-edge; fwd=request; detail="bumped=journal"');
    const after = await h.cache().generations(["journal", "portfolio"]);
    expect(BigInt(after.journal!)).toBe(BigInt(before.journal!) + 1n);
    expect(after.portfolio).toBe(before.portfolio);
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("stores a generated morning pack under its date and under latest", async () => {
    const h = harness();
    const today = fundToday(Date.now());
    await h.get("/morning-pack/latest");
    h.origin.handler = (call, o) =>
      call.method === "POST" ? json({ id: 9, briefing_date: today, macro_narrative: "calm" }, ++o.version) : undefined;
    const write = await h.post("/morning-pack/generate", {});
    expect(write.status).toBe(200);
    const calls = h.origin.calls.length;
    const latest = await h.get("/morning-pack/latest");
    expect(latest.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(await latest.json()).toMatchObject({ id: 9, macro_narrative: "calm", cached: true });
    expect((await h.get(`/morning-pack/${today}`)).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(h.origin.calls.length).toBe(calls);
  });

  it("leaves latest alone when a pack is generated for a past date", async () => {
    const h = harness();
    h.origin.handler = (call, o) =>
      call.method === "POST" ? json({ id: 3, briefing_date: "2026-01-02" }, ++o.version) : undefined;
    await h.post("/morning-pack/generate", { briefing_date: "2026-01-02" });
    expect((await h.get("/morning-pack/2026-01-02")).headers.get("Cache-Status")).toMatch(/hit/);
    expect((await h.get("/morning-pack/latest")).headers.get("Cache-Status")).toMatch(/fwd=miss/);
  });

  it("refreshes book, risk and the latest pack after a pipeline run", async () => {
    const h = harness();
    const write = await h.post("/pipeline/trigger");
    expect(write.status).toBe(200);
    expect(h.origin.gets().map((c) => c.path).sort()).toEqual([
      "/api/v1/pms/book",
      "/api/v1/pms/morning-pack/latest",
      "/api/v1/pms/risk/live",
    ]);
    const calls = h.origin.calls.length;
    for (const path of ["/book", "/risk/live", "/morning-pack/latest"]) {
      expect((await h.get(path)).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    }
    expect(h.origin.calls.length).toBe(calls);
  });

  it("refreshes in the background when refreshOnWrite is off", async () => {
    const h = harness({ refreshOnWrite: false });
    const write = await h.post("/mtm", {});
    expect(write.headers.get("Cache-Status")).toBe('pms-edge; fwd=request; detail="bumped=portfolio refresh=background"');
    await h.settle();
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("when the bump fails: reports the committed write, bypasses the tiers, retries until it succeeds", async () => {
    const h = harness({ breakerThreshold: 100 });
    await h.get("/book");
    h.store.down = true;
    const write = await h.post("/mtm", {});
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({ status: "ok" });
    expect(write.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=invalidation-failed");

    h.store.down = false; // Redis is back, but the bump has not happened yet
    const during = await h.get("/book");
    expect(during.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=invalidation-pending");
    expect(await during.json()).toMatchObject({ version: 2, cached: false });
    // unrelated tiers are served from the cache meanwhile
    expect((await h.get("/morning-pack/latest")).headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);

    await h.settle(); // the background retry bumps portfolio
    expect(h.isolate.pending.tags(h.config.fundId)).toEqual([]);
    const after = await h.get("/book");
    expect(after.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);
    expect(await after.json()).toMatchObject({ version: 2 });
  });
});
