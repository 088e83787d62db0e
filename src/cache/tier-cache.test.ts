import { describe, expect, it, vi } from "vitest";
import { harness, json } from "../testing/app-harness.ts";
import { fundToday } from "./fund-date.ts";

describe("tierCache: HIT and MISS", () => {
  it("answers a cold GET from the origin and stores it; the next GET is a HIT without the origin", async () => {
    const h = harness();
    const first = await h.get("/book");
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Status")).toBe("pms-edge; fwd=miss; fwd-status=200; stored; ttl=30");
    const firstBody = (await first.json()) as Record<string, unknown>;
    expect(firstBody).toMatchObject({ cached: false, cache_age_seconds: 0, version: 1 });

    h.clock.offset = 12_000;
    const second = await h.get("/book");
    expect(second.status).toBe(200);
    expect(second.headers.get("Cache-Status")).toBe("pms-edge; hit; ttl=18");
    expect(second.headers.get("Age")).toBe("12");
    expect(second.headers.get("PMS-Data-Version")).toBe("1");
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    // Weak: the bytes differ (`cached`, `cache_age_seconds`) while the tag stays.
    expect(second.headers.get("ETag")).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(second.headers.get("Server-Timing")).toMatch(/^cache;dur=[\d.]+$/);
    expect(await second.json()).toEqual({ ...firstBody, cached: true, cache_age_seconds: 12 });
    expect(h.origin.gets()).toHaveLength(1);
  });

  it("answers 304 from the cache when If-None-Match names the current ETag", async () => {
    const h = harness();
    const etag = (await h.get("/risk/live")).headers.get("ETag")!;
    const res = await h.get("/risk/live", { "If-None-Match": `W/"nope", ${etag}` });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("ETag")).toBe(etag);
    expect(res.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    // Weak comparison: the strong form of the same tag matches too.
    const strong = etag.replace(/^W\//, "");
    expect((await h.get("/risk/live", { "If-None-Match": strong })).status).toBe(304);
    expect(h.origin.gets()).toHaveLength(1);
  });

  it("keys a request without as_of_date by the fund's date in São Paulo", async () => {
    const h = harness();
    await h.get("/book");
    const explicit = await h.get(`/book?as_of_date=${fundToday(Date.now())}`);
    expect(explicit.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    const other = await h.get("/book?as_of_date=2026-01-02");
    expect(other.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("keys attribution by the normalised period, so MTD and mtd share one entry", async () => {
    const h = harness();
    await h.get("/attribution?period=MTD");
    expect((await h.get("/attribution?period=mtd")).headers.get("Cache-Status")).toMatch(/hit/);
    expect((await h.get("/attribution")).headers.get("Cache-Status")).toMatch(/hit/); // mtd is the default
    expect((await h.get("/attribution?period=ytd")).headers.get("Cache-Status")).toMatch(/miss/);
    expect(
      (await h.get("/attribution?period=custom&start_date=2026-01-01&end_date=2026-02-01")).headers.get("Cache-Status"),
    ).toMatch(/miss/);
    expect(
      (await h.get("/attribution?period=custom&start_date=2026-01-01&end_date=2026-02-01")).headers.get("Cache-Status"),
    ).toMatch(/hit/);
    expect(h.origin.gets()).toHaveLength(3);
  });

  it("keeps /morning-pack/latest apart from the dated pack", async () => {
    const h = harness();
    const today = fundToday(Date.now());
    await h.get("/morning-pack/latest");
    expect((await h.get(`/morning-pack/${today}`)).headers.get("Cache-Status")).toMatch(/miss/);
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("passes routes without a tier row through uncached", async () => {
    const h = harness();
    await h.get("/book/positions");
    const res = await h.get("/book/positions");
    expect(res.headers.get("Cache-Status")).toBeNull();
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("stores only 2xx JSON objects and decorates only them", async () => {
    const h = harness();
    h.origin.handler = (call, o) =>
      call.path.includes("2026-01-05")
        ? json([1, 2], o.version)
        : call.path.includes("2026-01-06")
          ? json({ title: "nope" }, o.version, 404)
          : undefined;
    const array = await h.get("/book?as_of_date=2026-01-05");
    expect(await array.json()).toEqual([1, 2]);
    expect((await h.get("/book?as_of_date=2026-01-05")).headers.get("Cache-Status")).toBe(
      "pms-edge; fwd=miss; fwd-status=200",
    );
    const missing = await h.get("/book?as_of_date=2026-01-06");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ title: "nope" });
    expect((await h.get("/book?as_of_date=2026-01-06")).headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(h.origin.gets()).toHaveLength(4);
  });

  it("asks the origin for the date its key names, also when the request names none", async () => {
    const h = harness();
    const today = fundToday(Date.now());
    await h.get("/book");
    await h.get("/risk/live");
    await h.get("/attribution?period=ytd");
    await h.get("/attribution?period=custom&start_date=2026-01-01&end_date=2026-02-01");
    expect(h.origin.gets().map((c) => c.path)).toEqual([
      `/api/v1/pms/book?as_of_date=${today}`,
      `/api/v1/pms/risk/live?as_of_date=${today}`,
      `/api/v1/pms/attribution?as_of_date=${today}&period=ytd`,
      "/api/v1/pms/attribution?end_date=2026-02-01&period=custom&start_date=2026-01-01",
    ]);
  });

  it("reports the version a HIT was computed at apart from the version it is current as of", async () => {
    const h = harness();
    await h.get("/book");
    await h.cache().invalidate(["trades"], 9); // a write the book does not depend on raises the floor
    const hit = await h.get("/book");
    expect(hit.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(hit.headers.get("PMS-Data-Version")).toBe("9");
    expect(hit.headers.get("PMS-Computed-Version")).toBe("1");
  });
});

describe("tierCache: generations", () => {
  it("drops a fill that straddled an invalidation; the next GET goes to the origin", async () => {
    const h = harness();
    h.origin.handler = async (call) => {
      // A write commits (and the edge bumps portfolio) while this read is at the origin.
      if (call.method === "GET" && h.origin.gets().length === 1) await h.cache().invalidate(["portfolio"]);
      return undefined;
    };
    const first = await h.get("/book");
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Status")).toBe("pms-edge; fwd=miss; fwd-status=200; detail=fill-dropped");
    const second = await h.get("/book");
    expect(second.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("never serves an entry whose generations moved, not even stale when the origin fails", async () => {
    const h = harness();
    await h.get("/book");
    await h.cache().invalidate(["portfolio"]);
    h.clock.offset = 60_000; // past fresh TTL, within grace
    h.origin.handler = (call) => (call.method === "GET" ? json({ title: "down" }, 0, 503) : undefined);
    const res = await h.get("/book");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ title: "down" });
    expect(res.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=503/);
  });

  it("bumps only what a tag covers: a journal bump leaves the book a HIT", async () => {
    const h = harness();
    await h.get("/book");
    await h.cache().invalidate(["journal", "trades"]);
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });
});

describe("tierCache: stale entries", () => {
  it("serves a stale entry with unchanged generations and revalidates once in the background", async () => {
    const h = harness();
    await h.get("/risk/live");
    h.origin.version = 7; // a write made at the origin behind the edge's back
    h.clock.offset = 61_000;
    const stale = await h.get("/risk/live");
    expect(stale.headers.get("Cache-Status")).toBe("pms-edge; fwd=stale; ttl=-1; detail=stale-while-revalidate");
    expect(await stale.json()).toMatchObject({ version: 1, cached: true, cache_age_seconds: 61 });
    await h.settle();
    expect(h.origin.gets()).toHaveLength(2);
    const fresh = await h.get("/risk/live");
    expect(fresh.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(await fresh.json()).toMatchObject({ version: 7, cached: true });
  });

  it("serves stale-if-error, labelled, when a forced revalidation finds the origin down", async () => {
    const h = harness();
    await h.get("/book");
    h.clock.offset = 40_000;
    h.origin.handler = (call) => (call.method === "GET" ? json({ title: "bad gateway" }, 0, 502) : undefined);
    const res = await h.get("/book", { "Cache-Control": "no-cache" }, "ADMIN");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toBe("pms-edge; fwd=stale; fwd-status=502; ttl=-10; detail=stale-if-error");
    expect(await res.json()).toMatchObject({ version: 1, cached: true, stale: true, cache_age_seconds: 40 });
    expect(h.isolate.counters.stale).toBe(1);
  });

  it("serves stale-if-error when the origin misses its deadline (504)", async () => {
    const h = harness();
    await h.get("/risk/live");
    h.origin.handler = async () => {
      const { AppError } = await import("../http/app-error.ts");
      throw new AppError("origin-timeout", "too slow");
    };
    const res = await h.get("/risk/live", { "Cache-Control": "max-age=0" }, "ADMIN");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toMatch(
      /^pms-edge; fwd=stale; fwd-status=504; ttl=\d+; detail=stale-if-error$/,
    );
    expect(await res.json()).toMatchObject({ stale: true, cached: true });
  });

  it("does not serve an entry past its grace window", async () => {
    const h = harness({ CACHE_GRACE_SECONDS: "60" });
    await h.get("/book");
    h.clock.offset = 91_000;
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(h.origin.gets()).toHaveLength(2);
  });
});

describe("tierCache: concurrency and failures", () => {
  it("collapses 50 concurrent cold GETs of one key into one origin call", async () => {
    const h = harness();
    h.origin.delayMs = 80;
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.get("/attribution?period=ytd")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ n: number }>));
    expect(new Set(bodies.map((b) => b.n)).size).toBe(1);
    expect(h.origin.gets().length).toBeLessThanOrEqual(2);
    expect(responses.filter((r) => r.headers.get("Cache-Status")?.includes("collapsed")).length).toBeGreaterThanOrEqual(
      48,
    );
  });

  it("waits for another isolate's fill while its lease is held, however slow the origin, then serves it (collapsed HIT)", async () => {
    const h = harness({ CACHE_LEASE_MS: "300", CACHE_LEASE_WAIT_MS: "10000" });
    const other = h.cache(); // another isolate: same Redis, its own lease
    const read = await other.read("book", fundToday(Date.now()));
    expect(read.lease).toMatchObject({ token: expect.any(String) });
    const token = (read.lease as { token: string }).token;
    const waiting = h.get("/book");
    // The holder's origin call takes 1 s, three lease TTLs: it renews its lease meanwhile.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await other.renewLease("book", read.variant, token)).toBe(true);
    }
    await other.fill(read, { body: '{"from":"holder"}', version: 4 }, token);
    const res = await waiting;
    expect(res.headers.get("Cache-Status")).toMatch(/^pms-edge; hit; collapsed/);
    expect(await res.json()).toMatchObject({ from: "holder", cached: true });
    expect(h.origin.gets()).toHaveLength(0);
  });

  it("takes over an orphaned lease once its TTL ends, not after the whole wait bound", async () => {
    const h = harness({ CACHE_LEASE_MS: "200", CACHE_LEASE_WAIT_MS: "20000" });
    // A lease whose SET was applied but whose holder never learnt it (answer lost): nobody renews it.
    await h.cache().read("book", fundToday(Date.now()));
    const started = Date.now();
    const res = await h.get("/book");
    expect(res.headers.get("Cache-Status")).toBe("pms-edge; fwd=miss; fwd-status=200; stored; ttl=30");
    expect(Date.now() - started).toBeLessThan(10_000); // bounded by the lease TTL (plus polling), far below 20 s
    expect(h.origin.gets()).toHaveLength(1);
  });

  it("when the wait bound passes, the waiters of one isolate share one uncached origin call", async () => {
    const h = harness({ CACHE_LEASE_MS: "60000", CACHE_LEASE_WAIT_MS: "100" });
    await h.cache().read("book", fundToday(Date.now())); // held elsewhere, never filled
    const responses = await Promise.all(Array.from({ length: 20 }, () => h.get("/book")));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(responses.map((r) => r.headers.get("Cache-Status"))).toContain(
      "pms-edge; fwd=miss; fwd-status=200; detail=lease-wait-timeout",
    );
    expect(h.origin.gets()).toHaveLength(1);
  });

  it("a burst of identical reads costs Redis two reads, not one per request", async () => {
    const h = harness();
    await h.get("/book");
    const calls = h.store.calls;
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.get("/book")));
    expect(responses.every((r) => /^pms-edge; hit/.test(r.headers.get("Cache-Status")!))).toBe(true);
    expect(h.store.calls - calls).toBeLessThanOrEqual(2);
  });

  it("with Redis down, concurrent identical reads share origin calls: at most one in flight and one queued", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "1000" });
    h.store.down = true;
    h.origin.delayMs = 50;
    const first = await Promise.all(Array.from({ length: 50 }, () => h.get("/risk/live")));
    expect(first.every((r) => r.status === 200 && /fwd=bypass/.test(r.headers.get("Cache-Status")!))).toBe(true);
    expect(h.origin.gets().length).toBeLessThanOrEqual(2);
    expect(first.filter((r) => /collapsed/.test(r.headers.get("Cache-Status")!)).length).toBeGreaterThanOrEqual(48);
  });

  it("never hands a read a bypass answer that was asked before the read started", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "1000" });
    h.store.down = true;
    h.origin.delayMs = 100;
    const early = h.get("/book");
    // Until the first call is at the origin (a bypass call first gathers its burst).
    while (h.origin.gets().length === 0) await new Promise((r) => setTimeout(r, 5));
    h.origin.version = 5; // a write committed and acknowledged (through another isolate)
    const late = await h.get("/book");
    expect(await late.json()).toMatchObject({ version: 5 });
    expect((await (await early).json()) as object).toMatchObject({ version: 1 });
  });

  it("with Redis down, a burst's first bypass call gathers the reads arriving with it: one origin call", async () => {
    // Fake timers: the arrivals' spacing is exact however busy the machine is.
    vi.useFakeTimers();
    try {
      const h = harness({ REDIS_BREAKER_THRESHOLD: "1000" });
      h.store.down = true;
      const reads: Promise<Response>[] = [];
      for (let i = 0; i < 5; i++) {
        reads.push(h.get("/book"));
        await vi.advanceTimersByTimeAsync(10); // Redis fails fast; the next read comes 10 ms later
      }
      await vi.advanceTimersByTimeAsync(1_000);
      const statuses = (await Promise.all(reads)).map((r) => r.headers.get("Cache-Status"));
      expect(h.origin.gets()).toHaveLength(1);
      expect(statuses.filter((s) => s === "pms-edge; fwd=bypass; detail=redis-error")).toHaveLength(1);
      expect(statuses.filter((s) => s === "pms-edge; fwd=bypass; collapsed; detail=redis-error")).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it("with Redis down answers from the origin (fwd=bypass); the breaker then skips Redis until its cooldown ends", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "3", REDIS_BREAKER_COOLDOWN_MS: "5000" });
    h.store.down = true;
    for (let i = 0; i < 3; i++) {
      const res = await h.get("/book");
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=redis-error");
      expect(await res.json()).toMatchObject({ cached: false });
    }
    const callsWhenOpened = h.store.calls;
    const skipped = await h.get("/book");
    expect(skipped.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=breaker-open");
    expect(h.store.calls).toBe(callsWhenOpened);
    expect(h.isolate.breaker.snapshot(Date.now()).state).toBe("open");

    h.store.down = false;
    h.clock.offset = 5_001; // cooldown over: the next request probes Redis and closes the breaker
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);
    expect(h.isolate.breaker.snapshot(Date.now() + 5_001).state).toBe("closed");
    expect((await h.get("/book")).headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(h.isolate.counters).toMatchObject({ bypass: 4, miss: 1, hit: 1 });
  });

  it("maps an origin network failure without a usable entry to the origin error", async () => {
    const h = harness();
    h.origin.handler = async () => {
      const { AppError } = await import("../http/app-error.ts");
      throw new AppError("origin-unavailable", "unreachable");
    };
    const res = await h.get("/book");
    expect(res.status).toBe(502);
  });
});

describe("tierCache: HEAD", () => {
  it("answers HEAD from the stored entry with no body and no origin call", async () => {
    const h = harness();
    const get = await h.get("/book");
    const head = await h.head("/book");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(h.origin.gets()).toHaveLength(1);
    expect(h.origin.calls.filter((c) => c.method === "HEAD")).toEqual([]);
  });
});

describe("tierCache: who may bypass it", () => {
  it("serves a VIEWER's Cache-Control: no-cache from the cache; an ADMIN's goes to the origin", async () => {
    const h = harness();
    await h.get("/book");
    const viewer = await h.get("/book", { "Cache-Control": "no-cache" });
    expect(viewer.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(h.origin.gets()).toHaveLength(1);
    const admin = await h.get("/book", { "Cache-Control": "no-cache" }, "ADMIN");
    expect(admin.headers.get("Cache-Status")).toMatch(/^pms-edge; fwd=miss/);
    expect(h.origin.gets()).toHaveLength(2);
  });
});
