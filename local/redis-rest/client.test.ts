// The bridge as @upstash/redis sees it: default options (auto-pipelining, base64 responses,
// read-your-writes), against a real redis-server.
import { errors, Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BridgeStack, startStack } from "./test-fixture.ts";

let stack: BridgeStack;
let redis: Redis;
let k: (name: string) => string;

beforeAll(async () => {
  stack = await startStack();
  redis = stack.client();
  k = (name) => stack.prefix + name;
});
afterAll(() => stack?.stop());

describe("strings and expiry", () => {
  it("sets and gets with EX and PX, and deletes", async () => {
    expect(await redis.set(k("ex"), "hello world", { ex: 100 })).toBe("OK");
    expect(await redis.set(k("px"), "v", { px: 100_000 })).toBe("OK");
    expect(await redis.get(k("ex"))).toBe("hello world");
    expect(await redis.ttl(k("ex"))).toBeGreaterThan(90);
    expect(await redis.pttl(k("px"))).toBeGreaterThan(90_000);
    expect(await redis.del(k("ex"), k("px"), k("missing"))).toBe(2);
    expect(await redis.get(k("ex"))).toBeNull();
  });

  it("counts with incr and reads several keys with mget", async () => {
    expect(await redis.incr(k("n"))).toBe(1);
    expect(await redis.incrby(k("n"), 41)).toBe(42);
    await redis.set(k("a"), "x");
    expect(await redis.mget(k("a"), k("n"), k("none"))).toEqual(["x", 42, null]);
  });

  it("round-trips JSON objects, numbers and booleans", async () => {
    const doc = { fund: "F1", positions: [{ id: 1, qty: 2.5 }], ok: true, note: null };
    await redis.set(k("doc"), doc);
    expect(await redis.get(k("doc"))).toEqual(doc);
    await redis.set(k("num"), 12345);
    expect(await redis.get(k("num"))).toBe(12345);
    await redis.set(k("bool"), true);
    expect(await redis.get(k("bool"))).toBe(true);
  });

  it("round-trips non-ASCII and control characters", async () => {
    const values = [
      "emoji 🚀📈 ok",
      "Latin-1: café, São Paulo, ñ, ß",
      "nul\u0000byte",
      "ctrl\u0001\u001f\u007f",
      "OK",
      "PONG",
    ];
    for (const [i, value] of values.entries()) await redis.set(k(`s${i}`), value);
    for (const [i, value] of values.entries()) expect(await redis.get(k(`s${i}`))).toBe(value);
    expect(await redis.mget(...values.map((_, i) => k(`s${i}`)))).toEqual(values);
  });
});

describe("collections", () => {
  it("handles sets and hashes", async () => {
    expect(await redis.sadd(k("set"), "a", "b", "c")).toBe(3);
    expect((await redis.smembers(k("set"))).sort()).toEqual(["a", "b", "c"]);
    expect(await redis.hset(k("h"), { name: "Ação", count: 3 })).toBe(2);
    expect(await redis.hgetall(k("h"))).toEqual({ name: "Ação", count: 3 });
    expect(await redis.hget(k("h"), "name")).toBe("Ação");
  });

  it("scans keys by pattern until the cursor returns to 0", async () => {
    for (let i = 0; i < 30; i++) await redis.set(k(`scan:${i}`), i);
    const seen = new Set<string>();
    let cursor: string | number = 0;
    do {
      const [next, keys]: [string | number, string[]] = await redis.scan(cursor, { match: k("scan:*"), count: 7 });
      keys.forEach((key) => seen.add(key));
      cursor = next;
    } while (String(cursor) !== "0");
    expect(seen.size).toBe(30);
  });
});

describe("scripts", () => {
  it("runs eval, evalsha and createScript (EVALSHA falls back to EVAL on NOSCRIPT)", async () => {
    const source = `return {redis.call('INCRBY', KEYS[1], ARGV[1]), ARGV[2], redis.status_reply('OK')}`;
    // A fresh script body, so its SHA is certainly not cached yet and exec must take the fallback.
    const script = redis.createScript<[number, string, string]>(`${source} -- ${stack.prefix}`);
    expect(await script.exec([k("lua")], ["5", "añ🚀"])).toEqual([5, "añ🚀", "OK"]);
    expect(await script.evalsha([k("lua")], ["1", "x"])).toEqual([6, "x", "OK"]);
    expect(await redis.eval("return ARGV[1]", [], ["plain"])).toBe("plain");
    const sha = await redis.scriptLoad("return redis.call('GET', KEYS[1])");
    await redis.set(k("g"), "got");
    expect(await redis.evalsha(sha, [k("g")], [])).toBe("got");
  });

  it("reports NOSCRIPT for an unknown sha", async () => {
    await expect(redis.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });
});

describe("pipelines and transactions", () => {
  it("runs an explicit pipeline, keeping per-command errors in place", async () => {
    await redis.set(k("p:str"), "text");
    const results = await redis
      .pipeline()
      .set(k("p:a"), 1)
      .incr(k("p:a"))
      .incr(k("p:str"))
      .get(k("p:a"))
      .exec({ keepErrors: true });
    expect(results.map((r) => r.result)).toEqual(["OK", 2, undefined, 2]);
    expect(results[2]!.error).toMatch(/not an integer/);
  });

  it("auto-pipelines concurrent commands into few requests", async () => {
    const isolated = stack.client(); // a client of its own, so no other test's batch mixes in
    await stack.post("/__bridge/stats/reset", "");
    const values = await Promise.all(Array.from({ length: 50 }, (_, i) => isolated.incr(k(`auto:${i}`))));
    expect(values).toEqual(Array(50).fill(1));
    const stats = await stack.stats();
    expect(stats.commands).toBe(50);
    expect(stats.requests["/pipeline"]).toBeLessThan(50);
    expect(stats.requests["/"]).toBe(0);
  });

  it("runs multi() atomically, with runtime errors per entry", async () => {
    await redis.set(k("m:str"), "text");
    const tx = redis.multi().set(k("m:a"), "1").incr(k("m:a")).incr(k("m:str")).get(k("m:a"));
    await expect(tx.exec()).rejects.toThrow(/not an integer/);
    // The other commands ran anyway: EXEC does not roll back.
    expect(await redis.get(k("m:a"))).toBe(2);
    const ok = await redis.multi().set(k("m:b"), "x").get(k("m:b")).exec();
    expect(ok).toEqual(["OK", "x"]);
  });

  it("runs two (and more) concurrent multi() calls without nesting errors", async () => {
    const runs = Array.from({ length: 5 }, (_, i) =>
      redis
        .multi()
        .set(k(`c:${i}`), `v${i}`)
        .incr(k("c:count"))
        .get(k(`c:${i}`))
        .exec(),
    );
    const results = await Promise.all(runs);
    results.forEach((r, i) => expect(r[2]).toBe(`v${i}`));
    expect(results.map((r) => r[1]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("discards a whole transaction containing a refused command with one non-2xx error", async () => {
    const raw = await stack.post("/multi-exec", [
      ["SET", k("d:b"), "1"],
      ["BLPOP", k("d:l"), 0],
    ]);
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: expect.stringMatching(/not available/) });
    expect(await redis.exists(k("d:b"))).toBe(0);
    // Same when Redis itself discards it (EXECABORT after an arity error while queueing).
    const aborted = await stack.post("/multi-exec", [["SET", k("d:b"), "1"], ["GET"]]);
    expect(aborted.status).toBe(400);
    expect(await aborted.json()).toEqual({ error: expect.stringMatching(/wrong number of arguments/) });
    expect(await redis.exists(k("d:b"))).toBe(0);
  });
});

describe("errors", () => {
  it("turns a wrong-type command into an UpstashError", async () => {
    await redis.set(k("e:str"), "text");
    await expect(redis.lpush(k("e:str"), "x")).rejects.toThrow(errors.UpstashError);
    await expect(redis.lpush(k("e:str"), "x")).rejects.toThrow(/WRONGTYPE/);
    await expect(redis.hgetall(k("e:str"))).rejects.toThrow(/WRONGTYPE/);
  });

  it("rejects a wrong token with 401", async () => {
    const bad = new Redis({ url: stack.bridge.url, token: "wrong", enableTelemetry: false });
    await expect(bad.get(k("x"))).rejects.toThrow(/WRONGPASS/);
    const res = await fetch(stack.bridge.url + "/", {
      method: "POST",
      body: '["PING"]',
      headers: { authorization: "Bearer nope" },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "WRONGPASS invalid or missing auth token" });
  });

  it("refuses a blocking command instead of hanging", async () => {
    await expect(redis.exec(["BLPOP", k("empty"), 0])).rejects.toThrow(/not available/);
    await expect(redis.exec(["XREAD", "BLOCK", 0, "STREAMS", k("stream"), "$"])).rejects.toThrow(/not available/);
    // The bridge keeps serving afterwards.
    expect(await redis.ping()).toBe("PONG");
  });
});
