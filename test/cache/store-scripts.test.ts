// The cache store's semantics, held on both implementations: the Lua scripts over the real
// thing (@upstash/redis in workerd → the Upstash-REST bridge → redis-server) and the in-memory
// store the unit tests use. The same scenarios run on both; a fast-check property then runs
// random sequences of read, fill, bump and lease on both and compares every answer.
import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CacheStore, PutEntry } from "../../src/cache/cache-store.ts";
import { newIsolateState } from "../../src/cache/isolate-state.ts";
import { MemoryStore } from "../../src/cache/memory-store.ts";
import { PMSCache } from "../../src/cache/pms-cache.ts";
import { createUpstashStore } from "../../src/cache/upstash-store.ts";
import { type Bindings, parseConfig } from "../../src/config.ts";
import { harness } from "../../src/testing/app-harness.ts";
import { upstashRequests } from "../support/counters.ts";
import { control, newRedisStack } from "../support/stack.ts";

const bindings = env as unknown as { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string };

function redisStore(deadlineMs = 2_000): CacheStore {
  return createUpstashStore({
    url: bindings.UPSTASH_REDIS_REST_URL,
    token: bindings.UPSTASH_REDIS_REST_TOKEN,
    deadlineMs,
  });
}

function rawRedis(): Redis {
  return new Redis({
    url: bindings.UPSTASH_REDIS_REST_URL,
    token: bindings.UPSTASH_REDIS_REST_TOKEN,
    automaticDeserialization: false,
    enableTelemetry: false,
  });
}

/** Keys of one fund under a random prefix, as cacheKeys lays them out. */
function fundKeys() {
  const base = `it${crypto.randomUUID().slice(0, 8)}:{demo}:`;
  return {
    meta: `${base}meta`,
    index: `${base}index`,
    entry: (n = "") => `${base}e:book:${n}`,
    lease: (n = "") => `${base}lease:book:${n}`,
  };
}

const STORES: [string, () => CacheStore][] = [
  ["Lua scripts on Redis", () => redisStore()],
  ["MemoryStore", () => new MemoryStore()],
];

describe.each(STORES)("%s", (_name, makeStore) => {
  const TAGS = ["portfolio", "trades"];
  const read = (
    store: CacheStore,
    k: ReturnType<typeof fundKeys>,
    extra: Partial<Parameters<CacheStore["read"]>[0]> = {},
  ) => store.read({ meta: k.meta, key: k.entry(), lease: k.lease(), tags: TAGS, freshMs: 60_000, ...extra });
  const entry = (
    k: ReturnType<typeof fundKeys>,
    gens: readonly string[],
    version: number,
    value = `{"v":${version}}`,
  ): PutEntry => ({
    key: k.entry(),
    tags: TAGS,
    gens,
    version,
    value,
    ttlMs: 90_000,
  });

  it("read creates missing generations from the clock in µs, stable across reads; floor 0", async () => {
    const store = makeStore();
    const k = fundKeys();
    const first = await read(store, k);
    expect(first).toMatchObject({ envelope: null, state: "absent", floor: 0, lease: "free" });
    for (const gen of first.gens) {
      expect(gen).toMatch(/^\d{16}$/); // µs since 1970: never 0 or 1
      expect(Math.abs(Number(gen) / 1000 - Date.now())).toBeLessThan(60_000);
    }
    expect((await read(store, k)).gens).toEqual(first.gens);
    expect((await store.generations(k.meta, ["trades", "portfolio"])).gens).toEqual([first.gens[1], first.gens[0]]);
  });

  it("bump increments every tag in one call, creates a missing one, raises the floor and never lowers it", async () => {
    const store = makeStore();
    const k = fundKeys();
    const {
      gens: [before],
    } = await store.generations(k.meta, ["portfolio"]);
    const [a, b] = await store.bump(k.meta, ["portfolio", "trades"], 7);
    expect(BigInt(a!)).toBe(BigInt(before!) + 1n);
    expect(b).toMatch(/^\d{16}$/);
    expect(await store.generations(k.meta, ["portfolio", "trades"])).toEqual({ gens: [a, b], floor: 7 });
    await store.bump(k.meta, ["portfolio"], 3);
    expect((await read(store, k)).floor).toBe(7);
  });

  it("put: compare-and-set on generations; fresh, stale and moved by the store's clock", async () => {
    const store = makeStore();
    const k = fundKeys();
    const { gens } = await read(store, k);
    expect(await store.put(k.meta, [entry(k, gens, 5)])).toEqual([true]);
    expect(await read(store, k)).toMatchObject({ state: "fresh", envelope: '{"v":5}', lease: "free" });
    expect((await read(store, k, { freshMs: 0 })).state).toBe("stale");
    await store.bump(k.meta, ["trades"], 0);
    expect(await store.put(k.meta, [entry(k, gens, 9)])).toEqual([false]); // straddled the bump
    expect(await read(store, k)).toMatchObject({ state: "moved", envelope: null });
  });

  it("set-if-newer guards only an entry whose generations are current", async () => {
    const store = makeStore();
    const k = fundKeys();
    const { gens } = await read(store, k);
    expect(await store.put(k.meta, [entry(k, gens, 5)])).toEqual([true]);
    expect(await store.put(k.meta, [entry(k, gens, 4)])).toEqual([false]); // older than a current entry
    expect(await store.put(k.meta, [entry(k, gens, 5, '{"same":1}')])).toEqual([true]);
    const moved = await store.bump(k.meta, ["portfolio"], 0);
    // An origin restored from a backup answers version 2: the stored v5 is under old generations.
    expect(await store.put(k.meta, [entry(k, [moved[0]!, gens[1]!], 2)])).toEqual([true]);
    expect((await read(store, k)).envelope).toBe('{"v":2}');
  });

  it("stores several entries in one call, each against its own tags", async () => {
    const store = makeStore();
    const k = fundKeys();
    const { gens } = await store.generations(k.meta, ["portfolio", "briefing"]);
    const put = (key: string, tags: string[], expected: string[]): PutEntry => ({
      key,
      tags,
      gens: expected,
      version: 1,
      value: "{}",
      ttlMs: 10_000,
    });
    expect(
      await store.put(k.meta, [
        put(k.entry("1"), ["portfolio"], [gens[0]!]),
        put(k.entry("2"), ["portfolio", "briefing"], [gens[0]!, "0"]),
        put(k.entry("3"), ["briefing"], [gens[1]!]),
      ]),
    ).toEqual([true, false, true]);
  });

  it("leases: taken with a read when not fresh, renewed and released only by their holder, also from a put", async () => {
    const store = makeStore();
    const k = fundKeys();
    const me = await read(store, k, { take: { token: "me", ttlMs: 5_000 } });
    expect(me.lease).toBe("acquired");
    expect((await read(store, k, { take: { token: "you", ttlMs: 5_000 } })).lease).toBe("taken");
    expect(await store.renewLease(k.lease(), "you", 5_000)).toBe(false);
    expect(await store.renewLease(k.lease(), "me", 5_000)).toBe(true);
    await store.releaseLease(k.lease(), "you");
    expect((await read(store, k)).lease).toBe("taken");
    expect(await store.put(k.meta, [entry(k, me.gens, 1)], { keys: [k.lease()], token: "me" })).toEqual([true]);
    expect((await read(store, k, { freshMs: 0 })).lease).toBe("free");
    // A fresh entry takes no lease.
    expect((await read(store, k, { take: { token: "x", ttlMs: 5_000 } })).lease).toBe("free");
  });

  it("a budget of entries: past it, the oldest stored are evicted, in the same call", async () => {
    const store = makeStore();
    const k = fundKeys();
    const { gens } = await store.generations(k.meta, TAGS);
    const budget = { index: k.index, maxEntries: 3 };
    const one = (n: number): PutEntry => ({ ...entry(k, gens, 1), key: k.entry(String(n)) });
    // One call at a time, in key order: store times (and ties, broken by key) say the same.
    for (let n = 1; n <= 5; n++) expect(await store.put(k.meta, [one(n)], undefined, budget)).toEqual([true]);
    const state = async (n: number) => (await read(store, k, { key: k.entry(String(n)) })).state;
    expect(await Promise.all([1, 2, 3, 4, 5].map(state))).toEqual(["absent", "absent", "fresh", "fresh", "fresh"]);
    // Refilling an entry makes it the newest; two more in one call push out the two oldest.
    expect(await store.put(k.meta, [one(3)], undefined, budget)).toEqual([true]);
    expect(await store.put(k.meta, [one(6), one(7)], undefined, budget)).toEqual([true, true]);
    expect(await Promise.all([3, 4, 5, 6, 7].map(state))).toEqual(["fresh", "absent", "absent", "fresh", "fresh"]);
    // Without a budget nothing is recorded or evicted.
    expect(await store.put(k.meta, [one(8)])).toEqual([true]);
    expect(await state(3)).toBe("fresh");
  });

  it("bump takes the write-back's leases over any holder", async () => {
    const store = makeStore();
    const k = fundKeys();
    await read(store, k, { take: { token: "reader", ttlMs: 60_000 } });
    await store.bump(k.meta, ["portfolio"], 2, { keys: [k.lease()], take: { token: "writer", ttlMs: 60_000 } });
    expect(await store.renewLease(k.lease(), "reader", 1_000)).toBe(false);
    expect(await store.renewLease(k.lease(), "writer", 1_000)).toBe(true);
  });
});

describe("Lua scripts on Redis: what only Redis can show", () => {
  it("sets the entry's TTL and the lease's PX as asked", async () => {
    const store = redisStore();
    const k = fundKeys();
    const { gens } = await store.read({
      meta: k.meta,
      key: k.entry(),
      lease: k.lease(),
      tags: ["portfolio"],
      freshMs: 1,
      take: { token: "t", ttlMs: 5_000 },
    });
    await store.put(k.meta, [{ key: k.entry(), tags: ["portfolio"], gens, version: 1, value: "{}", ttlMs: 90_000 }]);
    const redis = rawRedis();
    const [entryTtl, leaseTtl] = [await redis.pttl(k.entry()), await redis.pttl(k.lease())];
    expect(entryTtl).toBeGreaterThan(80_000);
    expect(entryTtl).toBeLessThanOrEqual(90_000);
    expect(leaseTtl).toBeGreaterThan(0);
    expect(leaseTtl).toBeLessThanOrEqual(5_000);
  });

  it("an evicted meta hash takes the floor with the generations: old entries can never match again", async () => {
    const store = redisStore();
    const k = fundKeys();
    const { gens } = await store.generations(k.meta, ["portfolio"]);
    await store.bump(k.meta, ["portfolio"], 40);
    const bumped = await store.generations(k.meta, ["portfolio"]);
    await store.put(k.meta, [
      { key: k.entry(), tags: ["portfolio"], gens: bumped.gens, version: 40, value: "{}", ttlMs: 90_000 },
    ]);
    await rawRedis().del(k.meta); // maxmemory eviction of the fund's hash
    const after = await store.read({
      meta: k.meta,
      key: k.entry(),
      lease: k.lease(),
      tags: ["portfolio"],
      freshMs: 60_000,
    });
    expect(after).toMatchObject({ state: "moved", floor: 0 });
    expect(after.gens[0]).not.toBe(gens[0]);
    expect(BigInt(after.gens[0]!) > BigInt(bumped.gens[0]!)).toBe(true);
  });

  it("round-trips JSON bodies with unicode and control characters byte for byte", async () => {
    const config = parseConfig({ CACHE_PREFIX: `it${crypto.randomUUID().slice(0, 8)}:` } as unknown as Bindings);
    const cache = new PMSCache({ store: redisStore(), config, fund: "demo", isolate: newIsolateState() });
    const body = JSON.stringify({ note: "ação ✓ 📈", ctrl: "a\u0001b", nested: { n: 1.5 } });
    const read = await cache.read("book", "2026-01-02");
    expect(await cache.fill(read, { body, version: 3 })).toBe(true);
    expect((await cache.read("book", "2026-01-02")).envelope?.body).toBe(body);
  });
});

describe("MemoryStore and the Lua scripts agree (differential property)", () => {
  type Op =
    | { op: "read"; entry: number; fresh: boolean; take: number | null }
    | { op: "put"; entry: number; version: number; gensFrom: number; release: number | null }
    | { op: "bump"; tags: number; version: number; lease: number | null }
    | { op: "renew"; entry: number; token: number }
    | { op: "release"; entry: number; token: number };
  const TAG_SETS = [["portfolio"], ["briefing"], ["portfolio", "trades"]];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant("read" as const), entry: fc.nat(2), fresh: fc.boolean(), take: fc.option(fc.nat(2)) }),
    fc.record({
      op: fc.constant("put" as const),
      entry: fc.nat(2),
      version: fc.nat(5),
      gensFrom: fc.nat(3),
      release: fc.option(fc.nat(2)),
    }),
    fc.record({ op: fc.constant("bump" as const), tags: fc.nat(2), version: fc.nat(8), lease: fc.option(fc.nat(2)) }),
    fc.record({ op: fc.constant("renew" as const), entry: fc.nat(2), token: fc.nat(2) }),
    fc.record({ op: fc.constant("release" as const), entry: fc.nat(2), token: fc.nat(2) }),
  );

  /**
   * Runs `ops` on `store`. Generation values differ between stores (clocks), and are only ever
   * compared tag by tag, so each becomes the order in which it was first seen for its tag.
   */
  async function run(store: CacheStore, ops: Op[]): Promise<unknown[]> {
    const k = fundKeys();
    const seen = new Map<string, number>();
    const name = (tag: string, gen: string) => {
      const key = `${tag}=${gen}`;
      if (!seen.has(key)) seen.set(key, [...seen.keys()].filter((k) => k.startsWith(`${tag}=`)).length);
      return seen.get(key)!;
    };
    const observed: string[][] = []; // generations each entry's tags had when last read, for fills
    const tagsOf = (entry: number) => TAG_SETS[entry]!;
    const out: unknown[] = [];
    for (const o of ops) {
      if (o.op === "read") {
        const take = o.take === null ? {} : { take: { token: `t${o.take}`, ttlMs: 600_000 } };
        const r = await store.read({
          meta: k.meta,
          key: k.entry(String(o.entry)),
          lease: k.lease(String(o.entry)),
          tags: tagsOf(o.entry),
          freshMs: o.fresh ? 600_000 : 0,
          ...take,
        });
        observed[o.entry] = r.gens;
        out.push({ ...r, ageMs: undefined, gens: r.gens.map((g, i) => name(tagsOf(o.entry)[i]!, g)) });
      } else if (o.op === "put") {
        const tags = tagsOf(o.entry);
        // gensFrom 3: generations nobody read (a fill that straddled a bump long ago)
        const gens = o.gensFrom === o.entry && observed[o.entry] ? observed[o.entry]! : tags.map(() => "1");
        const put: PutEntry = {
          key: k.entry(String(o.entry)),
          tags,
          gens,
          version: o.version,
          value: `{"v":${o.version}}`,
          ttlMs: 600_000,
        };
        const release = o.release === null ? undefined : { keys: [k.lease(String(o.entry))], token: `t${o.release}` };
        out.push(await store.put(k.meta, [put], release));
      } else if (o.op === "bump") {
        const leases =
          o.lease === null ? undefined : { keys: [k.lease(String(o.lease))], take: { token: "w", ttlMs: 600_000 } };
        const tags = TAG_SETS[o.tags]!;
        out.push((await store.bump(k.meta, tags, o.version, leases)).map((g, i) => name(tags[i]!, g)));
      } else if (o.op === "renew") {
        out.push(await store.renewLease(k.lease(String(o.entry)), `t${o.token}`, 600_000));
      } else {
        await store.releaseLease(k.lease(String(o.entry)), `t${o.token}`);
        out.push("released");
      }
    }
    return out;
  }

  it("gives the same answers to random sequences of read, fill, bump and lease", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        expect(await run(new MemoryStore(), ops)).toEqual(await run(redisStore(), ops));
      }),
      { numRuns: 60 },
    );
  });
});

describe("one Upstash request per operation", () => {
  it("read (with its lease), fill, invalidate (with its leases) and write-back each cost one REST request", async () => {
    const stack = await newRedisStack();
    const store = createUpstashStore({ url: stack.restUrl, token: stack.token, deadlineMs: 2_000 });
    const config = parseConfig({ CACHE_PREFIX: `it${crypto.randomUUID().slice(0, 8)}:` } as unknown as Bindings);
    const cache = new PMSCache({ store, config, fund: "demo", isolate: newIsolateState() });
    // Load the scripts once (EVALSHA falls back to EVAL on NOSCRIPT the first time only).
    const warm = await cache.read("book", "2026-01-02");
    await cache.fill(warm, { body: "{}", version: 1 });
    const warmBump = await cache.invalidate(["portfolio"], 0, [{ tier: "risk", variant: "2026-01-02" }]);
    await cache.writeBack([{ tier: "risk", variant: "2026-01-02", body: "{}", version: 1 }], warmBump.gens);

    const cost = async (op: () => Promise<unknown>) => {
      const before = await upstashRequests(stack.id);
      await op();
      return (await upstashRequests(stack.id)) - before;
    };
    let read = warm;
    expect(await cost(async () => (read = await cache.read("book", "2026-01-03")))).toBe(1);
    expect(read.lease).toMatchObject({ token: expect.any(String) });
    expect(
      await cost(() => cache.fill(read, { body: "{}", version: 2 }, (read.lease as { token: string }).token)),
    ).toBe(1);
    const leases = [
      { tier: "book" as const, variant: "2026-01-03" },
      { tier: "risk" as const, variant: "2026-01-03" },
    ];
    let bump = warmBump;
    expect(
      await cost(async () => (bump = await cache.invalidate(["portfolio", "trades", "briefing"], 3, leases))),
    ).toBe(1);
    const items = [
      { tier: "book" as const, variant: "2026-01-03", body: "{}", version: 3 },
      { tier: "risk" as const, variant: "2026-01-03", body: "{}", version: 3 },
      { tier: "morning_pack" as const, variant: "latest", body: "{}", version: 3 },
    ];
    expect(await cost(() => cache.writeBack(items, bump.gens, { token: bump.token, items: leases }))).toBe(1);
    await control("DELETE", `/redis/${stack.id}`);
  });
});

describe("the protocol over the real store", () => {
  const vars = () => ({ CACHE_PREFIX: `it${crypto.randomUUID().slice(0, 8)}:` });

  it("collapses 50 concurrent cold GETs into one origin call", async () => {
    const h = harness(vars(), redisStore());
    h.origin.delayMs = 100;
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.get("/risk/live")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(h.origin.gets()).toHaveLength(1);
    expect((await h.get("/risk/live")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });

  it("drops a fill that straddled a write, then serves the post-write data", async () => {
    const h = harness(vars(), redisStore());
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
    const h = harness(vars(), down);
    const res = await h.get("/book");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=redis-error");
  });
});
