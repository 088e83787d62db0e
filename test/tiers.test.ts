// Each tier: the first GET is a MISS answered by the origin and stored; the second is a HIT made
// of one Upstash request and no origin call; after the fresh TTL it is fetched again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCalls, upstashRequests } from "./support/counters.ts";
import { type IsolatedSystem, isolatedSystem, sleep } from "./support/stack.ts";

const TIERED = [
  ["book", "/api/v1/pms/book"],
  ["risk", "/api/v1/pms/risk/live"],
  ["attribution", "/api/v1/pms/attribution?period=mtd"],
  ["morning pack (latest)", "/api/v1/pms/morning-pack/latest"],
] as const;

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem();
});
afterAll(() => sys.dispose());

describe.each(TIERED)("tier %s", (_name, path) => {
  it("is a MISS, then a HIT with one Upstash request and no origin call, then 304 on its ETag", async () => {
    const miss = await sys.fetch(path, { role: "VIEWER" });
    expect(miss.status).toBe(200);
    expect(miss.headers.get("Cache-Status")).toMatch(/^pms-edge; fwd=miss;.*\bstored\b/);
    const missBody = (await miss.json()) as Record<string, unknown>;
    expect(missBody).toMatchObject({ cached: false, cache_age_seconds: 0 });
    const version = miss.headers.get("PMS-Data-Version");
    expect(version).toMatch(/^\d+$/);

    const [upstashBefore, originBefore] = await Promise.all([upstashRequests(sys.redis.id), originCalls(sys.origin)]);
    const hit = await sys.fetch(path, { role: "VIEWER" });
    const [upstashAfter, originAfter] = await Promise.all([upstashRequests(sys.redis.id), originCalls(sys.origin)]);
    expect(hit.status).toBe(200);
    expect(hit.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(upstashAfter - upstashBefore).toBe(1);
    expect(originAfter - originBefore).toBe(0);
    const hitBody = (await hit.json()) as Record<string, unknown>;
    expect(hitBody.cached).toBe(true);
    expect(hitBody.cache_age_seconds).toBeGreaterThanOrEqual(0);
    expect(hit.headers.get("Age")).toMatch(/^\d+$/);
    expect(hit.headers.get("PMS-Data-Version")).toBe(version);
    // The payload is the origin's, only the cache fields differ.
    const { cached: _a, cache_age_seconds: _b, ...missRest } = missBody;
    const { cached: _c, cache_age_seconds: _d, ...hitRest } = hitBody;
    expect(hitRest).toEqual(missRest);

    const etag = hit.headers.get("ETag");
    expect(etag).toMatch(/^W\/"[^"]+"$/);
    const notModified = await sys.fetch(path, { role: "VIEWER", headers: { "If-None-Match": etag! } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(await originCalls(sys.origin)).toBe(originAfter);
  });
});

describe("fresh TTL", () => {
  it("fetches again once the TTL has passed (no grace)", async () => {
    const short = await isolatedSystem({ CACHE_TTL_BOOK: "1", CACHE_GRACE_SECONDS: "0" });
    try {
      expect((await short.fetch("/api/v1/pms/book", { role: "VIEWER" })).headers.get("Cache-Status")).toMatch(
        /fwd=miss/,
      );
      expect((await short.fetch("/api/v1/pms/book", { role: "VIEWER" })).headers.get("Cache-Status")).toMatch(/hit/);
      await sleep(2100);
      const before = await originCalls(short.origin);
      const again = await short.fetch("/api/v1/pms/book", { role: "VIEWER" });
      expect(again.headers.get("Cache-Status")).toMatch(/fwd=miss/);
      expect(((await again.json()) as { cached: boolean }).cached).toBe(false);
      expect(await originCalls(short.origin)).toBe(before + 1);
    } finally {
      await short.dispose();
    }
  });
});

describe("keys", () => {
  it("gives two spellings of one request one entry", async () => {
    const first = await sys.fetch("/api/v1/pms/attribution?period=YTD", { role: "VIEWER" });
    expect(first.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    const second = await sys.fetch("/api/v1/pms/attribution?period=ytd&start_date=2020-01-01", { role: "VIEWER" });
    expect(second.headers.get("Cache-Status")).toMatch(/hit/);
  });

  it("keys /morning-pack/latest as latest, not under today's date", async () => {
    const latest = await sys.fetch("/api/v1/pms/morning-pack/latest", { role: "VIEWER" });
    const pack = (await latest.json()) as { briefing_date: string };
    const byDate = await sys.fetch(`/api/v1/pms/morning-pack/${pack.briefing_date}`, { role: "VIEWER" });
    expect(byDate.status).toBe(200);
    expect(byDate.headers.get("Cache-Status")).toMatch(/fwd=miss/);
  });
});
