import { describe, expect, it } from "vitest";
import { type Harness, harness, json } from "../testing/app-harness.ts";
import { fundToday } from "./fund-date.ts";

const today = () => fundToday(Date.now());
const hit = (res: Response) => /^pms-edge; hit/.test(res.headers.get("Cache-Status") ?? "");

/** A pack store at the fake origin: generate/pipeline write one, GETs read the latest. */
function packOrigin(h: Harness, gate?: Promise<void>) {
  let latest = { id: 0, briefing_date: today(), version: 1 };
  h.origin.handler = async (call, o) => {
    if (call.method === "POST" && /morning-pack\/generate|pipeline\/trigger/.test(call.path)) {
      o.version++;
      const pack = { id: latest.id + 1, briefing_date: today(), version: o.version };
      latest = pack;
      if (call.path.includes("generate") && pack.id === 1 && gate) await gate; // W1's answer is slow
      return json(pack, pack.version);
    }
    if (call.method === "GET" && /morning-pack\/latest/.test(call.path)) return json(latest, o.version);
    return undefined;
  };
}

describe("writeThrough", () => {
  it("answers right after the bump; a read issued right after the answer waits for the background refresh (no origin call of its own)", async () => {
    const h = harness();
    await h.get("/book");
    await h.get("/attribution?period=ytd");
    h.origin.delayMs = 50;
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.status).toBe(200);
    expect(write.headers.get("Cache-Status")).toBe(
      'pms-edge; fwd=request; detail="bumped=portfolio refresh=book,risk"',
    );
    const before = h.origin.gets().length;
    const book = await h.get("/book"); // the refresh is still at the origin
    expect(book.headers.get("Cache-Status")).toMatch(/^pms-edge; hit; collapsed/);
    expect(await book.json()).toMatchObject({ version: 2, cached: true });
    expect(hit(await h.get("/risk/live"))).toBe(true);
    await h.settle();
    // book and risk were fetched once each, for today's key, as the writer
    const refresh = h.origin.gets().slice(2);
    expect(refresh.map((c) => c.path).sort()).toEqual([
      `/api/v1/pms/book?as_of_date=${today()}`,
      `/api/v1/pms/risk/live?as_of_date=${today()}`,
    ]);
    expect(refresh.every((c) => c.identity?.sub === "admin@fund")).toBe(true);
    expect(h.origin.gets().length).toBe(before);
    // attribution depends on portfolio too and was not refreshed: a MISS at the new version
    const attribution = await h.get("/attribution?period=ytd");
    expect(attribution.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(await attribution.json()).toMatchObject({ version: 2 });
  });

  it("answers a committed write in full even when its bump outlasts the origin call's deadline", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "1000" });
    h.store.delayMs = 100; // every bump attempt is slow
    h.origin.handler = (call, o) => {
      if (call.method !== "POST") return undefined;
      o.version++;
      // The origin's body streams under the origin call's deadline: unread 50 ms later, it is cut.
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let read = false;
      const body = new ReadableStream<Uint8Array>(
        {
          start: (c) => {
            controller = c;
          },
          pull: (c) => {
            if (read) return;
            read = true;
            c.enqueue(new TextEncoder().encode('{"status":"ok","id":7}'));
            c.close();
          },
        },
        { highWaterMark: 0 },
      ); // nothing is read ahead: only a reader pulls the body
      setTimeout(
        () => read || controller.error(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
        50,
      );
      return new Response(body, {
        headers: { "Content-Type": "application/json", "PMS-Data-Version": String(o.version) },
      });
    };
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({ status: "ok", id: 7 });
  });

  it("passes a failed write through and bumps nothing", async () => {
    const h = harness();
    await h.get("/book");
    h.origin.handler = (call) => (call.method === "POST" ? json({ title: "conflict" }, 1, 409) : undefined);
    const write = await h.post("/book/positions/3/close", { close_price: 1 });
    expect(write.status).toBe(409);
    expect(write.headers.get("Cache-Status")).toBeNull();
    expect(hit(await h.get("/book"))).toBe(true);
  });

  it("bumps only the journal on a journal outcome", async () => {
    const h = harness();
    await h.get("/book");
    const before = await h.gens(["journal", "portfolio"]);
    const write = await h.post("/journal/1/outcome", { outcome_notes: "worked out" });
    expect(write.headers.get("Cache-Status")).toBe('pms-edge; fwd=request; detail="bumped=journal"');
    const after = await h.gens(["journal", "portfolio"]);
    expect(BigInt(after.journal!)).toBe(BigInt(before.journal!) + 1n);
    expect(after.portfolio).toBe(before.portfolio);
    expect(hit(await h.get("/book"))).toBe(true);
  });

  it("stores the origin's latest pack after a generate, under latest and its date", async () => {
    const h = harness();
    packOrigin(h);
    await h.get("/morning-pack/latest");
    const write = await h.post("/morning-pack/generate", {});
    expect(write.status).toBe(200);
    await h.settle();
    const calls = h.origin.calls.length;
    const latest = await h.get("/morning-pack/latest");
    expect(hit(latest)).toBe(true);
    expect(await latest.json()).toMatchObject({ id: 1, cached: true });
    expect(hit(await h.get(`/morning-pack/${today()}`))).toBe(true);
    expect(h.origin.calls.length).toBe(calls);
  });

  it("never stores a generate's own (older) answer over a pack committed and bumped after it", async () => {
    const h = harness();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    packOrigin(h, gate);
    const w1 = h.post("/morning-pack/generate", { force: true }); // commits pack 1, answers late
    await new Promise((r) => setTimeout(r, 20));
    const w2 = await h.post("/pipeline/trigger"); // commits pack 2, bumps briefing, acknowledged
    expect(w2.status).toBe(200);
    open();
    expect((await w1).status).toBe(200); // W1 bumps after W2
    await h.settle();
    const latest = await h.get("/morning-pack/latest");
    expect(await latest.json()).toMatchObject({ id: 2 });
    expect(latest.headers.get("PMS-Computed-Version")).toBe("3");
  });

  it("refreshes book, risk and the latest pack after a pipeline run", async () => {
    const h = harness();
    const write = await h.post("/pipeline/trigger");
    expect(write.status).toBe(200);
    await h.settle();
    expect(
      h.origin
        .gets()
        .map((c) => c.path)
        .sort(),
    ).toEqual([
      `/api/v1/pms/book?as_of_date=${today()}`,
      "/api/v1/pms/morning-pack/latest",
      `/api/v1/pms/risk/live?as_of_date=${today()}`,
    ]);
    const calls = h.origin.calls.length;
    for (const path of ["/book", "/risk/live", "/morning-pack/latest"]) expect(hit(await h.get(path))).toBe(true);
    expect(h.origin.calls.length).toBe(calls);
  });

  it("does not refresh when CACHE_REFRESH_ON_WRITE is false: the next read is a MISS at the new version", async () => {
    const h = harness({ CACHE_REFRESH_ON_WRITE: "false" });
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.headers.get("Cache-Status")).toBe('pms-edge; fwd=request; detail="bumped=portfolio"');
    await h.settle();
    const book = await h.get("/book");
    expect(book.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(await book.json()).toMatchObject({ version: 2 });
  });

  it("bumps even when this isolate's read breaker is open: other isolates stop serving the old entry at once", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "3", REDIS_BREAKER_COOLDOWN_MS: "600000" });
    const other = h.cache(); // another isolate reading the same Redis
    await h.get("/book");
    h.store.failNext = 3; // three transient errors open this isolate's breaker
    for (let i = 0; i < 3; i++) await h.get("/risk/live");
    expect(h.isolate.breaker.snapshot(Date.now()).state).toBe("open");
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.headers.get("Cache-Status")).toMatch(/^pms-edge; fwd=request/);
    expect((await other.read("book", today(), false)).state).not.toBe("fresh");
    expect(h.isolate.breaker.snapshot(Date.now()).state).toBe("closed"); // Redis answered the bump
  });

  it("retries a bump that failed transiently before answering", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "1000" });
    await h.get("/book");
    h.store.failNext = 2;
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.headers.get("Cache-Status")).toMatch(/^pms-edge; fwd=request/);
    expect(h.isolate.pending.tags(h.config.fundId)).toEqual([]);
  });

  it("when every bump attempt fails: reports the committed write, bypasses the tiers, retries until it succeeds", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "100" });
    await h.get("/book");
    h.store.down = true;
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({ status: "ok" });
    expect(write.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=invalidation-failed");

    h.store.down = false; // Redis is back, but the bump has not happened yet
    const during = await h.get("/book");
    expect(during.headers.get("Cache-Status")).toBe("pms-edge; fwd=bypass; detail=invalidation-pending");
    expect(await during.json()).toMatchObject({ version: 2, cached: false });
    // unrelated tiers are served from the cache meanwhile
    expect((await h.get("/morning-pack/latest")).headers.get("Cache-Status")).toMatch(
      /fwd=miss; fwd-status=200; stored/,
    );

    await h.settle(); // the background retry bumps portfolio
    expect(h.isolate.pending.tags(h.config.fundId)).toEqual([]);
    const after = await h.get("/book");
    expect(after.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; stored/);
    expect(await after.json()).toMatchObject({ version: 2 });
  });
});
