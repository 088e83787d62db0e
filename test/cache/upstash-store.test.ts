// The Lua scripts and the Upstash store against the real thing: @upstash/redis in workerd →
// the Upstash-REST bridge → redis-server (bindings from the test setup). Every test uses its
// own random key prefix.
import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, it } from "vitest";
import type { CacheStore } from "../../src/cache/cache-store.ts";
import { PMSCache } from "../../src/cache/pms-cache.ts";
import { createUpstashStore } from "../../src/cache/upstash-store.ts";
import { newIsolateState } from "../../src/cache/isolate-state.ts";
import { upstashRequests } from "../support/counters.ts";
import { control, newRedisStack } from "../support/stack.ts";
import { harness, testConfig } from "./harness.ts";

const bindings = env as unknown as { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string };

function realStore(deadlineMs = 2_000): CacheStore {
  return createUpstashStore({ url: bindings.UPSTASH_REDIS_REST_URL, token: bindings.UPSTASH_REDIS_REST_TOKEN, deadlineMs });
}

function rawRedis(): Redis {
  return new Redis({ url: bindings.UPSTASH_REDIS_REST_URL, token: bindings.UPSTASH_REDIS_REST_TOKEN, automaticDeserialization: false, enableTelemetry: false });
}

const prefix = () => `it${crypto.randomUUID().slice(0, 8)}:`;

describe("Lua scripts on Redis", () => {
  it("read: returns nil and creates missing generations from TIME in µs, stable across reads", async () => {
    const store = realStore();
    const p = prefix();
    const first = await store.read(`${p}e`, `${p}ver`, [`${p}g1`, `${p}g2`]);
    expect(first.entry).toBeNull();
    expect(first.floor).toBe(0);
    for (const gen of first.gens) {
      expect(gen).toMatch(/^\d{16}$/); // µs since 1970: 16 digits, never 0 or 1
      expect(Math.abs(Number(gen) / 1000 - Date.now())).toBeLessThan(60_000);
    }
    expect((await store.read(`${p}e`, `${p}ver`, [`${p}g1`, `${p}g2`])).gens).toEqual(first.gens);
    expect(await store.generations([`${p}g2`, `${p}g1`])).toEqual([first.gens[1], first.gens[0]]);
  });

  it("bump: INCRs every tag in one call, creating a missing one first, and raises the version floor", async () => {
    const store = realStore();
    const p = prefix();
    const [before] = await store.generations([`${p}a`]);
    const [a, b] = await store.bump(`${p}ver`, [`${p}a`, `${p}b`], 7);
    expect(BigInt(a!)).toBe(BigInt(before!) + 1n);
    expect(b).toMatch(/^\d{16}$/);
    expect(await store.generations([`${p}a`, `${p}b`])).toEqual([a, b]);
    expect((await store.read(`${p}e`, `${p}ver`, [])).floor).toBe(7);
    await store.bump(`${p}ver`, [`${p}a`], 3); // an older write never lowers the floor
    expect((await store.read(`${p}e`, `${p}ver`, [])).floor).toBe(7);
  });

  it("put: compare-and-set on generations, set-if-newer on the version, TTL = the given ms", async () => {
    const store = realStore();
    const p = prefix();
    const [gen] = await store.generations([`${p}g`]);
    const entry = (value: string, version: number, expected = gen!) => ({
      key: `${p}e`,
      value,
      version,
      ttlMs: 90_000,
      expect: [{ key: `${p}g`, gen: expected }],
    });
    expect(await store.put([entry('{"a":1}', 5)])).toEqual([true]);
    expect((await store.read(`${p}e`, `${p}ver`, [`${p}g`])).entry).toBe('{"a":1}');
    expect(await store.put([entry('{"old":1}', 4)])).toEqual([false]);
    expect(await store.put([entry('{"same":1}', 5)])).toEqual([true]);
    const pttl = await rawRedis().pttl(`${p}e`);
    expect(pttl).toBeGreaterThan(80_000);
    expect(pttl).toBeLessThanOrEqual(90_000);

    await store.bump(`${p}ver`, [`${p}g`], 0);
    expect(await store.put([entry('{"straddled":1}', 9)])).toEqual([false]);
    expect((await store.read(`${p}e`, `${p}ver`, [`${p}g`])).entry).toBe('{"same":1}');
  });

  it("put: stores several entries in one call, each with its own generations", async () => {
    const store = realStore();
    const p = prefix();
    const [g1, g2] = await store.generations([`${p}g1`, `${p}g2`]);
    const stored = await store.put([
      { key: `${p}e1`, value: "1", version: 1, ttlMs: 10_000, expect: [{ key: `${p}g1`, gen: g1! }] },
      { key: `${p}e2`, value: "2", version: 1, ttlMs: 10_000, expect: [{ key: `${p}g1`, gen: g1! }, { key: `${p}g2`, gen: "0" }] },
      { key: `${p}e3`, value: "3", version: 1, ttlMs: 10_000, expect: [{ key: `${p}g2`, gen: g2! }] },
    ]);
    expect(stored).toEqual([true, false, true]);
  });

  it("lease: SET NX PX; released only by its holder, also from within put", async () => {
    const store = realStore();
    const p = prefix();
    expect(await store.acquireLease(`${p}l`, "me", 5_000)).toBe(true);
    expect(await store.acquireLease(`${p}l`, "you", 5_000)).toBe(false);
    await store.releaseLease(`${p}l`, "you");
    expect(await store.acquireLease(`${p}l`, "you", 5_000)).toBe(false);
    const [gen] = await store.generations([`${p}g`]);
    await store.put([{ key: `${p}e`, value: "x", version: 1, ttlMs: 5_000, expect: [{ key: `${p}g`, gen: gen! }] }], { key: `${p}l`, token: "me" });
    expect(await store.acquireLease(`${p}l`, "you", 5_000)).toBe(true);
    const pttl = await rawRedis().pttl(`${p}l`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5_000);
  });

  it("round-trips JSON bodies with unicode and control characters byte for byte", async () => {
    const cache = new PMSCache({ store: realStore(), config: testConfig({ prefix: prefix() }), fund: "demo" });
    const body = JSON.stringify({ note: "ação ✓ 📈", ctrl: "a\u0001b", nested: { n: 1.5 } });
    const gens = await cache.invalidatePortfolioData();
    expect(await cache.refreshBook({ body, version: 3 }, gens)).toBe(true);
    expect((await cache.getBook())?.body).toBe(body);
  });
});

describe("one Upstash request per operation", () => {
  it("read, fill, invalidate, refresh and lease each cost one REST request", async () => {
    const stack = await newRedisStack();
    const store = createUpstashStore({ url: stack.restUrl, token: stack.token, deadlineMs: 2_000 });
    const cache = new PMSCache({ store, config: testConfig({ prefix: prefix() }), fund: "demo", isolate: newIsolateState() });
    // Load the scripts once (EVALSHA falls back to EVAL on NOSCRIPT the first time only).
    const warm = await cache.read("book", "2026-01-02");
    await cache.fill("book", "2026-01-02", { body: "{}", version: 1 }, warm.gens);
    await cache.refresh([{ tier: "risk", variant: "2026-01-02", body: "{}", version: 1 }], await cache.invalidate(["portfolio"]));

    const cost = async (op: () => Promise<unknown>) => {
      const before = await upstashRequests(stack.id);
      await op();
      return (await upstashRequests(stack.id)) - before;
    };
    const read = await cache.read("book", "2026-01-03");
    expect(await cost(() => cache.read("book", "2026-01-03"))).toBe(1);
    expect(await cost(() => cache.lease("book", "2026-01-03"))).toBe(1);
    expect(await cost(() => cache.fill("book", "2026-01-03", { body: "{}", version: 2 }, read.gens))).toBe(1);
    let gens = {};
    expect(await cost(async () => (gens = await cache.invalidate(["portfolio", "trades", "briefing"], 3)))).toBe(1);
    const items = [
      { tier: "book" as const, variant: "2026-01-03", body: "{}", version: 3 },
      { tier: "risk" as const, variant: "2026-01-03", body: "{}", version: 3 },
      { tier: "morning_pack" as const, variant: "latest", body: "{}", version: 3 },
    ];
    expect(await cost(() => cache.refresh(items, gens))).toBe(1);
    await control("DELETE", `/redis/${stack.id}`);
  });
});

describe("the protocol over the real store", () => {
  it("collapses 50 concurrent cold GETs into at most 2 origin calls", async () => {
    const h = harness({ prefix: prefix() }, realStore());
    h.origin.delayMs = 100;
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.get("/risk/live")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(h.origin.gets().length).toBeLessThanOrEqual(2);
    expect((await h.get("/risk/live")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("drops a fill that straddled a write, then serves the post-write data", async () => {
    const h = harness({ prefix: prefix() }, realStore());
    h.origin.handler = async (call) => {
      if (call.method === "GET" && h.origin.gets().length === 1) await h.cache().invalidate(["portfolio"]);
      return undefined;
    };
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/detail=fill-dropped/);
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/stored/);
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("with Redis unreachable every tiered GET still answers, from the origin", async () => {
    const down = createUpstashStore({ url: "http://127.0.0.1:9", token: "x", deadlineMs: 200 });
    const h = harness({ prefix: prefix() }, down);
    const res = await h.get("/book");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=redis-error");
  });
});
