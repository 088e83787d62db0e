// Abuse: oversized and deeply nested bodies, forged and malformed tokens (fuzzed), identity
// injection through PMS-User / PMS-Role or the token's `sub`, and cache keys that try to escape
// their prefix. None may produce a 5xx, reach the origin, touch Redis, or leave a key outside the
// grammar; a token the edge accepts reaches the origin only as its verified identity.
import fc from "fast-check";
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstashRequests } from "../support/counters.ts";
import { proxyLog, redisKeys } from "../support/fault-control.ts";
import { keyGrammar, POST_ROUTES } from "../support/fuzz-routes.ts";
import { type EdgeInit, type IsolatedSystem, isolatedSystem, token } from "../support/stack.ts";
import { TEST_JWT_SECRET } from "../support/test-secret.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem({}, { originProxy: true });
});
afterAll(() => sys.dispose());

const now = () => Math.floor(Date.now() / 1000);

/** Sends a request that must be refused with one of `statuses`, adding no origin call and no Redis request. */
async function expectRefused(path: string, init: EdgeInit, statuses: number[]) {
  const [logBefore, redisBefore] = await Promise.all([proxyLog(sys), upstashRequests(sys.redis.id)]);
  const res = await sys.fetch(path, init);
  const text = await res.text();
  expect(statuses, `${init.method ?? "GET"} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 160)}`).toContain(
    res.status,
  );
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect((await proxyLog(sys)).length - logBefore.length).toBe(0);
  expect(await upstashRequests(sys.redis.id)).toBe(redisBefore);
}

describe("bodies", () => {
  it.each(POST_ROUTES.map((r) => r.path))("a 300 KB body to %s is 413, read no further", async (path) => {
    const body = JSON.stringify({ ...POST_ROUTES.find((r) => r.path === path)!.sample, pad: "x".repeat(300 * 1024) });
    await expectRefused(`/api/v1/pms${path.replace(":id", "1")}`, { method: "POST", role: "ADMIN", body }, [413]);
  });

  it("a 300 KB body streamed without Content-Length is 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"pad":"'));
        for (let i = 0; i < 5; i++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    await expectRefused(
      "/api/v1/pms/mtm",
      { method: "POST", role: "ADMIN", body: stream, duplex: "half" } as EdgeInit,
      [413],
    );
  });

  it.each([
    ["arrays", "/api/v1/pms/trades/proposals/generate", (n: number) => `{"signals":${"[".repeat(n)}${"]".repeat(n)}}`],
    ["objects", "/api/v1/pms/mtm", (n: number) => `{"price_overrides":${'{"a":'.repeat(n)}1${"}".repeat(n)}}`],
  ])("JSON nested 40 000 deep (%s, %s) is refused as 4xx, never a 5xx", async (_name, path, nested) => {
    await expectRefused(path, { method: "POST", role: "ADMIN", body: nested(40_000) }, [400, 422]);
  });
});

describe("tokens", () => {
  const claim = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.constantFrom(null, true, [], {}, "ADMIN", "MANAGER", "VIEWER", "admin", "demo"),
  );
  const likely = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, claim);
  const fuzzed = fc.record(
    {
      sub: likely(fc.constantFrom("alice", "bob.smith@fund.example")),
      role: likely(fc.constantFrom("ADMIN", "MANAGER", "VIEWER")),
      exp: likely(fc.integer({ min: -3600, max: 3600 }).map((d) => now() + d)),
      fund: claim,
      iat: claim,
    },
    { requiredKeys: [] },
  );
  // Half the payloads are well-formed, so that acceptance is exercised too (the last assertion).
  const wellFormed = fc.record(
    {
      sub: fc.constantFrom("alice", "bob.smith@fund.example"),
      role: fc.constantFrom("ADMIN", "MANAGER", "VIEWER"),
      exp: fc.integer({ min: 60, max: 3600 }).map((d) => now() + d),
      fund: fc.constant("demo"),
      iat: fc.integer({ min: -600, max: 30 }).map((d) => now() + d),
    },
    { requiredKeys: ["sub", "role", "exp", "fund", "iat"] },
  );
  const claims = fc.oneof(wellFormed, fuzzed) as fc.Arbitrary<Record<string, unknown>>;
  const algorithm = fc.constantFrom("HS256", "HS256", "HS256", "HS256", "HS384", "HS512") as fc.Arbitrary<
    "HS256" | "HS384" | "HS512"
  >;
  const secret = fc.constantFrom(
    TEST_JWT_SECRET,
    TEST_JWT_SECRET,
    TEST_JWT_SECRET,
    TEST_JWT_SECRET,
    "not-the-secret",
    "",
  );

  it("fuzzed claims, algorithms and secrets: 2xx only for a valid HS256 token, never a 5xx", {
    timeout: 60_000,
  }, async () => {
    let sent = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(claims, algorithm, secret, async (payload, alg, key) => {
        let jwt: string;
        try {
          jwt = await sign(payload as Record<string, unknown>, key || "k", alg);
        } catch {
          return; // not signable (hono refuses some claim types): nothing to send
        }
        const valid =
          alg === "HS256" &&
          key === TEST_JWT_SECRET &&
          typeof payload.sub === "string" &&
          /^[A-Za-z0-9@._+-]{1,128}$/.test(payload.sub) &&
          ["ADMIN", "MANAGER", "VIEWER"].includes(payload.role as string) &&
          typeof payload.exp === "number" &&
          payload.exp > now() + 1 &&
          payload.fund === "demo" &&
          typeof payload.iat === "number" &&
          payload.iat <= now() + 60 &&
          (payload.exp as number) - payload.iat <= 12 * 3600;
        const res = await sys.fetch("/api/v1/pms/risk/limits", { headers: { Authorization: `Bearer ${jwt}` } });
        await res.body?.cancel();
        sent++;
        if (res.ok) accepted++;
        expect(res.status).toBeLessThan(500);
        if (!valid) expect([401, 403]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
    // The property saw real tokens, refused and accepted (the claims favour the valid shapes).
    expect(sent).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(0);
  });

  it("random strings as Authorization are 401", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (value) => {
        const res = await sys.fetch("/api/v1/pms/book", { headers: { Authorization: `Bearer ${value}` } });
        await res.body?.cancel();
        expect(res.status).toBe(401);
      }),
      { numRuns: 100 },
    );
  });
});

describe("identity injection", () => {
  it.each([
    "alice\r\nPMS-Role: ADMIN",
    "alice\nx",
    "alice PMS-Role",
    "ali:ce",
    "élise",
    "a".repeat(129),
    "",
    "alice\u0000",
  ])("a token whose sub is %j is 401 and reaches nothing", async (sub) => {
    const jwt = await sign({ sub, role: "MANAGER", exp: now() + 60 }, TEST_JWT_SECRET, "HS256");
    await expectRefused(
      "/api/v1/pms/mtm",
      { method: "POST", headers: { Authorization: `Bearer ${jwt}` }, body: "{}" },
      [401],
    );
  });

  it("client PMS-User / PMS-Role headers never reach the origin: only the verified identity does", async () => {
    const before = (await proxyLog(sys)).length;
    const auth = `Bearer ${await token("VIEWER", { sub: "vera" })}`;
    for (const path of [
      "/api/v1/pms/book/positions",
      "/api/v1/pms/risk/live?as_of_date=2026-01-15",
      "/api/v1/pms/journal",
    ]) {
      const res = await sys.fetch(path, {
        headers: { Authorization: auth, "PMS-User": "root", "PMS-Role": "ADMIN", "X-PMS-User": "root" },
      });
      expect(res.status).toBe(200);
    }
    const reached = (await proxyLog(sys)).slice(before);
    expect(reached.length).toBeGreaterThan(0);
    for (const r of reached) expect({ user: r.pmsUser, role: r.pmsRole }).toEqual({ user: "vera", role: "VIEWER" });
  });
});

describe("cache keys that try to escape their prefix", () => {
  it.each([
    "/api/v1/pms/attribution?period=../",
    "/api/v1/pms/attribution?period=*",
    "/api/v1/pms/attribution?period=mtd%0Aflushall",
    "/api/v1/pms/attribution?period=custom&start_date=..%2F..&end_date=2026-01-01",
    "/api/v1/pms/book?as_of_date=*",
    "/api/v1/pms/book?as_of_date=2026-01-01%0D%0ADEL%20x",
    "/api/v1/pms/risk/live?as_of_date=..%2F..%2F",
    "/api/v1/pms/morning-pack/..%2F..%2Fgen",
    "/api/v1/pms/morning-pack/*",
  ])("%s is refused before the cache", async (path) => {
    await expectRefused(path, { role: "VIEWER" }, [404, 422]);
  });

  it("a parameter with surrounding whitespace is normalised: key and origin path are the canonical date", async () => {
    const before = (await proxyLog(sys)).length;
    const res = await sys.fetch("/api/v1/pms/morning-pack/%202025-12-31%0A", { role: "VIEWER" });
    expect([200, 404]).toContain(res.status);
    expect((await proxyLog(sys)).slice(before).map((r) => r.url)).toEqual(["/api/v1/pms/morning-pack/2025-12-31"]);
  });

  it("leaves only keys of the grammar in Redis", async () => {
    await sys.fetch("/api/v1/pms/attribution?period=MTD", { role: "VIEWER" });
    const keys = await redisKeys(sys.redis);
    expect(keys.length).toBeGreaterThan(0);
    const grammar = keyGrammar(sys.env.CACHE_PREFIX, "demo");
    expect(keys.filter((k) => !grammar.test(k))).toEqual([]);
  });
});
