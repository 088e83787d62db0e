// Abuse by a holder of a valid VIEWER token (docs/security.md): the role table holds for every
// method, the cache cannot be bypassed on demand, the cache's details stay with ADMIN, and
// thousands of distinct windows cost Redis at most the fund's budget and the origin at most the
// rate limit. Real parts throughout: workerd, Miniflare's rate-limiting binding, the bridge and
// redis-server, the reference origin behind a proxy that logs what reached it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundToday } from "../../src/cache/fund-date.ts";
import { WRITE_ROUTE_ROLES } from "../../src/contract/roles.ts";
import { proxyLog, redisKeys } from "../support/fault-control.ts";
import { type IsolatedSystem, isolatedSystem, type RedisStack, testEnv, token } from "../support/stack.ts";

const TEST_LIMITS = testEnv as unknown as { TEST_ORIGIN_READS_20: RateLimit; TEST_WRITES_5: RateLimit };
const READ_LIMIT = 20;
const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 128 * 1024;

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem(
    {
      RATE_LIMIT_ORIGIN_READS: TEST_LIMITS.TEST_ORIGIN_READS_20,
      RATE_LIMIT_WRITES: TEST_LIMITS.TEST_WRITES_5,
      CACHE_MAX_ENTRIES: String(MAX_ENTRIES),
      CACHE_MAX_ENTRY_BYTES: String(MAX_ENTRY_BYTES),
    } as never,
    { originProxy: true },
  );
});
afterAll(() => sys.dispose());

const reached = async (since: number) => (await proxyLog(sys)).slice(since);
const bearer = async (role: "VIEWER" | "MANAGER" | "ADMIN", sub: string) => `Bearer ${await token(role, { sub })}`;
const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;

async function redisCall<T>(redis: RedisStack, command: (string | number)[]): Promise<T> {
  const res = await fetch(redis.restUrl, {
    method: "POST",
    headers: { Authorization: `Bearer ${redis.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(command),
  });
  return ((await res.json()) as { result: T }).result;
}

describe("HEAD and the role table", () => {
  it("HEAD with a VIEWER token on every ADMIN route is refused; never a 2xx", async () => {
    const auth = await bearer("VIEWER", unique("vera"));
    const before = (await proxyLog(sys)).length;
    for (const row of WRITE_ROUTE_ROLES.filter((r) => r.role === "ADMIN")) {
      const res = await sys.fetch(`/api/v1/pms${row.path}`, { method: "HEAD", headers: { Authorization: auth } });
      // The ADMIN GET is 403; a POST-only route has no HEAD (404): no handler runs either way.
      expect(res.status, `HEAD ${row.path}`).toBe(row.method === "GET" ? 403 : 404);
    }
    expect(await reached(before)).toEqual([]);
  });

  it("HEAD on a tiered route is answered from the cache", async () => {
    const auth = await bearer("VIEWER", unique("vera"));
    await sys.fetch("/api/v1/pms/book", { headers: { Authorization: auth } });
    const before = (await proxyLog(sys)).length;
    const res = await sys.fetch("/api/v1/pms/book", { method: "HEAD", headers: { Authorization: auth } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(await reached(before)).toEqual([]);
  });
});

describe("no bypass on demand", () => {
  it("a VIEWER's Cache-Control: no-cache is served from the cache; an ADMIN's reaches the origin", async () => {
    const path = "/api/v1/pms/risk/live";
    await sys.fetch(path, { role: "VIEWER" });
    const before = (await proxyLog(sys)).length;
    for (let i = 0; i < 10; i++) {
      const res = await sys.fetch(path, { role: "VIEWER", headers: { "Cache-Control": "no-cache" } });
      expect(res.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    }
    expect(await reached(before)).toEqual([]);
    await sys.fetch(path, { role: "ADMIN", headers: { "Cache-Control": "no-cache" } });
    expect((await reached(before)).map((r) => r.url)).toEqual([expect.stringMatching(/^\/api\/v1\/pms\/risk\/live/)]);
  });
});

describe("the cache's details", () => {
  it("with CACHE_DETAILS_ADMIN_ONLY a VIEWER sees Age and a plain outcome only", async () => {
    const path = "/api/v1/pms/book";
    await sys.fetch(path, { role: "VIEWER" });
    const viewer = await sys.fetchWith({ CACHE_DETAILS_ADMIN_ONLY: "true" } as never, path, { role: "VIEWER" });
    expect(viewer.headers.get("Cache-Status")).toBe("pms-edge; hit");
    expect(viewer.headers.get("Server-Timing")).toBeNull();
    expect(viewer.headers.get("Age")).toMatch(/^\d+$/);
    const admin = await sys.fetchWith({ CACHE_DETAILS_ADMIN_ONLY: "true" } as never, path, { role: "ADMIN" });
    expect(admin.headers.get("Cache-Status")).toMatch(/^pms-edge; hit; ttl=\d+$/);
    expect(admin.headers.get("Server-Timing")).toMatch(/^cache;dur=/);
  });
});

describe("budgets", () => {
  it("writes beyond the user's budget are 429 with Retry-After and reach nothing", async () => {
    const auth = await bearer("MANAGER", unique("manny"));
    const before = (await proxyLog(sys)).length;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await sys.fetch("/api/v1/pms/risk/emergency-stop/reset", {
        method: "POST",
        headers: { Authorization: auth },
        body: "{}",
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("Retry-After")).toBe("60");
        expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      }
      await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect((await reached(before)).filter((r) => r.method === "POST").length).toBeLessThanOrEqual(5);
  });

  it("5,000 distinct custom windows from one VIEWER: Redis stays within the fund's budget, the origin within the rate limit", {
    timeout: 600_000,
  }, async () => {
    const auth = await bearer("VIEWER", unique("flood"));
    const today = fundToday(Date.now());
    const day = (offset: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);
    const windows: string[] = [];
    for (let back = 0; back < 100; back++)
      for (let span = 1; span <= 50; span++) windows.push(`start_date=${day(back + span)}&end_date=${day(back)}`);
    expect(new Set(windows).size).toBe(5_000);

    const before = (await proxyLog(sys)).length;
    const started = Date.now();
    const counts = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < windows.length) {
        const w = windows[next++]!;
        const res = await sys.fetch(`/api/v1/pms/attribution?period=custom&${w}`, { headers: { Authorization: auth } });
        await res.body?.cancel();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const periods = Math.floor((Date.now() - started) / 60_000) + 2; // a fixed window may restart meanwhile

    const originCalls = (await reached(before)).filter((r) => r.url.startsWith("/api/v1/pms/attribution"));
    expect(originCalls.length).toBeGreaterThan(0);
    expect(originCalls.length).toBeLessThanOrEqual(READ_LIMIT * periods);
    expect(counts.get(200)).toBe(originCalls.length);
    expect(counts.get(429)).toBe(5_000 - originCalls.length);

    const keys = await redisKeys(sys.redis);
    const entries = keys.filter((k) => k.includes(":e:attribution:custom_"));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(keys.filter((k) => k.includes(":lease:"))).toEqual([]);
    let bytes = 0;
    for (const key of keys) bytes += Number(await redisCall<number>(sys.redis, ["MEMORY", "USAGE", key]));
    // The configured budget: entries × their size limit, plus the fund's meta hash and index.
    expect(bytes).toBeLessThanOrEqual(MAX_ENTRIES * MAX_ENTRY_BYTES + 64 * 1024);

    // HITs cost nothing: the windows still stored are served to the same user past the limit.
    const stored = entries[0]!.split("custom_")[1]!.split("_");
    const hit = await sys.fetch(`/api/v1/pms/attribution?period=custom&start_date=${stored[0]}&end_date=${stored[1]}`, {
      headers: { Authorization: auth },
    });
    expect(hit.status).toBe(200);
    expect(hit.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
  });
});
