// The seed's named operations (getBook, setAttribution, …) address the same entries as the
// tier-cache middleware, and follow the same protocol: CAS on the generations read before the
// origin call, and nothing served once a write moved them.
import { describe, expect, it } from "vitest";
import { harness } from "./harness.ts";

describe("PMSCache seed operations", () => {
  it("getAttribution reads the entry the middleware stored for the same normalised period", async () => {
    const h = harness();
    const miss = await h.get("/attribution?period=MTD");
    const body = (await miss.json()) as { path: string };
    const entry = await h.cache().getAttribution({ period: "mtd" });
    expect(entry).not.toBeNull();
    expect(JSON.parse(entry!.body)).toMatchObject({ path: body.path });
    expect(await h.cache().getAttribution({ period: "ytd" })).toBeNull();
  });

  it("setMorningPack under latest is what GET /morning-pack/latest then serves as a HIT", async () => {
    const h = harness();
    const cache = h.cache();
    const gens = await cache.generations(["briefing"]);
    expect(await cache.setMorningPack("latest", { body: '{"briefing_date":"2026-11-26","id":7}', version: 4 }, gens)).toBe(true);
    const res = await h.get("/morning-pack/latest");
    expect(res.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(await res.json()).toMatchObject({ id: 7, cached: true });
    expect(h.origin.calls).toHaveLength(0);
    expect(await cache.getMorningPack("2026-11-26")).toBeNull(); // latest is its own key
  });

  it("setRiskMetrics with generations read before a write is dropped; after invalidation nothing is served", async () => {
    const h = harness();
    const cache = h.cache();
    const before = await cache.generations(["portfolio"]);
    expect(await cache.setRiskMetrics({ body: '{"var":1}', version: 1 }, before)).toBe(true);
    expect((await cache.getRiskMetrics())?.body).toBe('{"var":1}');
    await cache.invalidatePortfolioData();
    expect(await cache.getRiskMetrics()).toBeNull();
    expect(await cache.setRiskMetrics({ body: '{"var":2}', version: 2 }, before)).toBe(false); // straddled the write
    expect(await cache.setBook({ body: '{"book":1}', version: 2 }, await cache.generations(["portfolio"]))).toBe(true);
    expect((await cache.getBook())?.body).toBe('{"book":1}');
  });
});
