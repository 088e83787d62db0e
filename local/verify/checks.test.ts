import { describe, expect, it } from "vitest";
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import { context, FakeEdge, reply, tiered } from "./canned-edge.ts";
import { type Check, runChecks } from "./check-kit.ts";
import { buildChecks, TIERS } from "./checks.ts";

const only = (prefix: string): Check[] => buildChecks().filter((c) => c.name.startsWith(prefix));

/** An edge where everything works and every tier is already warm (a shared deployment). */
function healthyWarmEdge(): FakeEdge {
  const edge = new FakeEdge()
    .on(
      "GET",
      "/health",
      reply(200, { status: "ok", redis: { ok: true, latency_ms: 2 }, origin: { ok: true, latency_ms: 9 } }),
    )
    .on("POST", `${API_PREFIX}/cache/warm`, reply(403, { title: "Forbidden" }));
  for (const tier of TIERS) edge.on("GET", tier.path, tiered("hit", { age: 3 }));
  return edge;
}

describe("health and auth", () => {
  it("passes a healthy edge and fails naming the dependency that is down", async () => {
    const ok = await runChecks(context(healthyWarmEdge()), only("health"));
    expect(ok[0]).toMatchObject({ status: "pass", detail: "redis ok (2 ms), origin ok (9 ms)" });

    const down = new FakeEdge().on(
      "GET",
      "/health",
      reply(503, { status: "degraded", redis: { ok: false, latency_ms: 150 }, origin: { ok: true, latency_ms: 9 } }),
    );
    const [row] = await runChecks(context(down), only("health"));
    expect(row).toMatchObject({ status: "fail", detail: "503: redis DOWN (150 ms), origin ok (9 ms)" });
  });

  it("says plainly when the token under test is refused", async () => {
    const edge = new FakeEdge().on("GET", `${API_PREFIX}/book`, reply(401, { title: "Unauthorized" }));
    const [row] = await runChecks(context(edge), only("auth: this token"));
    expect(row).toMatchObject({ status: "fail" });
    expect(row!.detail).toContain("signed with another JWT_SECRET");
  });

  it("sends no token, then a forged one, and fails when either is let in", async () => {
    const edge = new FakeEdge().on(
      "GET",
      `${API_PREFIX}/book`,
      reply(401, { title: "Unauthorized" }, { "content-type": "application/problem+json" }),
      tiered("hit"),
    );
    const results = await runChecks(
      context(edge),
      only("auth").filter((c) => !c.name.includes("this token")),
    );
    expect(edge.requests.map((r) => r.token)).toEqual([null, "forged"]);
    expect(results.map((r) => r.status)).toEqual(["pass", "fail"]);
    expect(results[1]!.detail).toContain("expected 401, got 200");
  });
});

describe("tier MISS → HIT", () => {
  it("on a shared deployment without ADMIN accepts a first hit and says why", async () => {
    const results = await runChecks(context(healthyWarmEdge()), only("tier"));
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(results[0]!.detail).toContain("could not force a MISS");
  });

  it("without ADMIN asks for a forced miss with Cache-Control: no-cache", async () => {
    const edge = new FakeEdge().on("GET", `${API_PREFIX}/book`, tiered("miss"), tiered("hit"));
    const [row] = await runChecks(context(edge, { role: "MANAGER" }), only("tier book"));
    expect(row).toMatchObject({ status: "pass" });
    expect(row!.detail).toMatch(/^miss \(forced with Cache-Control: no-cache\) → hit/);
    expect(edge.requests.map((r) => r.headers)).toEqual([{ "cache-control": "no-cache" }, undefined]);
  });

  it("with ADMIN invalidates the tier's tag first and expects a miss, then a hit", async () => {
    const edge = new FakeEdge()
      .on("POST", `${API_PREFIX}/cache/invalidate`, reply(200, { ok: true }))
      .on("GET", `${API_PREFIX}/book`, tiered("miss", { version: 7 }), tiered("hit", { age: 0, version: 7 }));
    const [row] = await runChecks(context(edge, { role: "ADMIN" }), only("tier book"));
    expect(row).toMatchObject({ status: "pass", detail: "miss → hit, age 0 s (≤ 32), version 7" });
    expect(edge.requests[0]).toMatchObject({ method: "POST", json: { tags: ["portfolio"] } });
  });

  it("fails when an old entry is still served after the invalidation", async () => {
    const edge = new FakeEdge()
      .on("POST", `${API_PREFIX}/cache/invalidate`, reply(200, {}))
      .on("GET", `${API_PREFIX}/book`, tiered("hit", { age: 20 }));
    const [row] = await runChecks(context(edge, { role: "ADMIN" }), only("tier book"));
    expect(row!.status).toBe("fail");
    expect(row!.detail).toContain("the invalidation did not take effect");
  });

  it.each([
    ["a second miss", tiered("miss"), "expected a hit, got pms-edge; fwd=miss; stored"],
    [
      "a hit whose body says cached=false",
      { ...tiered("hit"), body: { cached: false, cache_age_seconds: 0 } },
      "hit but body cached=false",
    ],
    ["a hit older than the TTL", tiered("hit", { age: 45 }), "cache_age_seconds=45 outside [0, 32]"],
    ["a negative age", tiered("hit", { age: -1 }), "outside [0, 32]"],
    [
      "a hit without a data version",
      { ...tiered("hit"), headers: { "cache-status": "pms-edge; hit", etag: '"x"' } },
      "no PMS-Data-Version",
    ],
  ])("fails on %s", async (_what, second, message) => {
    const edge = new FakeEdge().on("GET", `${API_PREFIX}/book`, tiered("miss"), second);
    const [row] = await runChecks(context(edge), only("tier book"));
    expect(row!.status).toBe("fail");
    expect(row!.detail).toContain(message);
  });

  it("fails naming Redis when the edge bypasses the cache", async () => {
    const edge = new FakeEdge().on("GET", `${API_PREFIX}/risk/live`, tiered("bypass"));
    const [row] = await runChecks(context(edge), only("tier risk"));
    expect(row).toMatchObject({ status: "fail", name: "tier risk: MISS → HIT" });
    expect(row!.detail).toContain("Redis unreachable");
  });

  it("waits out a stale first read until the revalidated hit arrives", async () => {
    const edge = new FakeEdge().on(
      "GET",
      `${API_PREFIX}/attribution?period=mtd`,
      tiered("stale", { age: 400 }),
      tiered("stale", { age: 400 }),
      tiered("hit", { age: 0 }),
    );
    const [row] = await runChecks(context(edge), only("tier attribution"));
    expect(row).toMatchObject({ status: "pass" });
    expect(row!.detail).toMatch(/^stale .* → hit/);
  });

  it("skips the morning pack when there is none yet", async () => {
    const [row] = await runChecks(context(new FakeEdge()), only("tier morning_pack"));
    expect(row).toMatchObject({ status: "skip" });
  });
});

describe("ETag, writes and warm-up", () => {
  it("expects 304 for the current ETag and fails on a full answer", async () => {
    const good = new FakeEdge().on(
      "GET",
      `${API_PREFIX}/book`,
      tiered("hit", { etag: '"abc"' }),
      reply(304, undefined, { etag: '"abc"' }),
    );
    expect((await runChecks(context(good), only("ETag")))[0]).toMatchObject({
      status: "pass",
      detail: '304 for "abc"',
    });
    expect(good.requests[1]!.headers).toEqual({ "if-none-match": '"abc"' });

    const bad = new FakeEdge().on("GET", `${API_PREFIX}/book`, tiered("hit", { etag: '"abc"' }));
    expect((await runChecks(context(bad), only("ETag")))[0]!.status).toBe("fail");
  });

  const book = { positions: [{ id: 1, instrument: "DI1F27", asset_class: "RATES", current_price: 88000.5 }] };
  function writableEdge(afterWriteVersion: number) {
    return new FakeEdge()
      .on(
        "GET",
        `${API_PREFIX}/book`,
        tiered("hit", { body: book, version: 40 }),
        tiered("hit", { version: afterWriteVersion }),
      )
      .on("POST", `${API_PREFIX}/book/positions/open`, reply(201, { id: 99 }, { "pms-data-version": "41" }))
      .on(
        "POST",
        `${API_PREFIX}/book/positions/99/close`,
        reply(
          200,
          { id: 99 },
          { "pms-data-version": "42", "cache-status": 'pms-edge; fwd=request; stored; detail="bumped=portfolio"' },
        ),
      )
      .on("GET", `${API_PREFIX}/risk/live`, tiered("hit", { version: afterWriteVersion }));
  }
  const writeChecks = () => buildChecks().filter((c) => c.name.includes("write"));

  it("skips writes without --allow-writes or without a write role", async () => {
    const edge = writableEdge(42);
    for (const ctx of [context(edge, { role: "MANAGER" }), context(edge, { role: "VIEWER", allowWrites: true })]) {
      const rows = await runChecks(ctx, writeChecks());
      expect(rows.map((r) => r.status)).toEqual(["skip", "skip", "skip"]);
    }
    expect(edge.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("opens and closes at the same price, then requires hits at the write's version", async () => {
    const edge = writableEdge(42);
    const rows = await runChecks(context(edge, { role: "MANAGER", allowWrites: true }), writeChecks());
    expect(rows.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
    const [open, close] = edge.requests.filter((r) => r.method === "POST");
    expect(open!.json).toMatchObject({
      instrument: "DI1F27",
      asset_class: "RATES",
      direction: "LONG",
      execution_price: 88000.5,
    });
    expect(close!.json).toMatchObject({ close_price: 88000.5 });
  });

  it("fails a write whose invalidation the edge reports as failed", async () => {
    const edge = writableEdge(42).on(
      "POST",
      `${API_PREFIX}/book/positions/99/close`,
      reply(
        200,
        { id: 99 },
        { "pms-data-version": "42", "cache-status": "pms-edge; fwd=bypass; detail=invalidation-failed" },
      ),
    );
    const [row] = await runChecks(context(edge, { role: "MANAGER", allowWrites: true }), writeChecks());
    expect(row!.status).toBe("fail");
    expect(row!.detail).toContain("could not invalidate: pms-edge; fwd=bypass; detail=invalidation-failed");
  });

  it("fails the reads after a write that serve an older version", async () => {
    const rows = await runChecks(context(writableEdge(41), { role: "ADMIN", allowWrites: true }), writeChecks());
    expect(rows.map((r) => r.status)).toEqual(["pass", "fail", "fail"]);
    expect(rows[1]!.detail).toBe("served version 41, older than the write's 42");
  });

  it("names the position left open when the close fails", async () => {
    const edge = writableEdge(42).on(
      "POST",
      `${API_PREFIX}/book/positions/99/close`,
      reply(409, { title: "Conflict" }),
    );
    const rows = await runChecks(context(edge, { role: "MANAGER", allowWrites: true }), writeChecks());
    expect(rows[0]!.detail).toContain("position 99 is STILL OPEN");
    expect(rows[1]).toMatchObject({ status: "fail", detail: "the write did not complete" });
  });

  it("runs the EOD warm-up with ADMIN and --allow-writes, and requires every step to succeed", async () => {
    const admin = new FakeEdge()
      .on(
        "POST",
        `${API_PREFIX}/cache/warm`,
        reply(200, {
          ok: true,
          steps: [
            { step: "mtm", ok: true },
            { step: "book", ok: true },
          ],
        }),
      )
      .on("GET", `${API_PREFIX}/book`, tiered("hit"));
    expect((await runChecks(context(admin, { role: "ADMIN", allowWrites: true }), only("warm")))[0]).toMatchObject({
      status: "pass",
    });
    expect(admin.requests[0]).toMatchObject({ method: "POST", json: { schedule: "eod" } });

    const broken = new FakeEdge().on(
      "POST",
      `${API_PREFIX}/cache/warm`,
      reply(200, { ok: false, steps: [{ step: "risk", ok: false, status: 504 }] }),
    );
    expect((await runChecks(context(broken, { role: "ADMIN", allowWrites: true }), only("warm")))[0]!.detail).toBe(
      "warm-up steps failed: risk (504)",
    );
  });

  it("does not warm without --allow-writes, and fails a non-ADMIN token that is let in", async () => {
    const edge = new FakeEdge().on("POST", `${API_PREFIX}/cache/warm`, reply(200, { ok: true, steps: [] }));
    expect((await runChecks(context(edge, { role: "ADMIN" }), only("warm")))[0]!.status).toBe("skip");
    expect(edge.requests).toEqual([]);

    expect((await runChecks(context(edge, { role: "MANAGER" }), only("warm")))[0]!.status).toBe("fail");
    expect((await runChecks(context(healthyWarmEdge(), { role: "MANAGER" }), only("warm")))[0]!.status).toBe("skip");
  });
});

it("turns a thrown network error into a failed row and keeps going", async () => {
  const checks: Check[] = [
    {
      name: "a",
      run: async () => {
        throw new Error("GET /health: ECONNREFUSED");
      },
    },
    { name: "b", run: async () => ({ status: "pass", detail: "fine" }) },
  ];
  const rows = await runChecks(context(new FakeEdge()), checks);
  expect(rows.map((r) => [r.name, r.status, r.detail])).toEqual([
    ["a", "fail", "error: GET /health: ECONNREFUSED"],
    ["b", "pass", "fine"],
  ]);
});
