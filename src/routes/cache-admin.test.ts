import { describe, expect, it } from "vitest";
import { harness } from "../testing/app-harness.ts";

describe("cache admin", () => {
  it("reports tiers, TTLs, generations, counters and the breaker", async () => {
    const h = harness();
    await h.get("/book");
    await h.get("/book");
    expect((await h.get("/cache/status")).status).toBe(403); // VIEWER
    const res = await h.get("/cache/status", undefined, "ADMIN");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      redis: string;
      tiers: { route: string; tier: string; ttl_seconds: number }[];
      generations: Record<string, string>;
      isolate: { counters: Record<string, number>; breaker: { state: string } };
    };
    expect(body.redis).toBe("up");
    expect(body.tiers).toContainEqual(
      expect.objectContaining({ route: "/api/v1/pms/book", tier: "book", ttl_seconds: 30 }),
    );
    expect(Object.keys(body.generations).sort()).toEqual(["briefing", "journal", "portfolio", "trades"]);
    for (const gen of Object.values(body.generations)) expect(BigInt(gen) > 1n).toBe(true);
    expect(body.isolate.counters).toMatchObject({ hit: 1, miss: 1 });
    expect(body.isolate.breaker.state).toBe("closed");
  });

  it("invalidates the given tags, after which dependent tiers miss", async () => {
    const h = harness();
    await h.get("/attribution?period=qtd");
    const res = await h.post("/cache/invalidate", { tags: ["portfolio"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", invalidated: ["portfolio"] });
    expect((await h.get("/attribution?period=qtd")).headers.get("Cache-Status")).toMatch(/fwd=miss/);
  });

  it("refuses unknown tags with 422", async () => {
    const h = harness();
    expect((await h.post("/cache/invalidate", { tags: ["everything"] })).status).toBe(422);
    expect((await h.post("/cache/invalidate", { tags: [] })).status).toBe(422);
  });

  it("answers 503 when Redis cannot take the invalidation", async () => {
    const h = harness();
    h.store.down = true;
    expect((await h.post("/cache/invalidate", { tags: ["trades"] })).status).toBe(503);
  });
});
