// Redis down: every route still works through the origin. Origin down: a cached tier within grace
// is served stale and labelled; a tier with nothing cached is a 502/504 problem.
import { afterEach, describe, expect, it } from "vitest";
import { originDataVersion } from "./support/counters.ts";
import { control, type IsolatedSystem, isolatedSystem, sleep } from "./support/stack.ts";

let sys: IsolatedSystem | undefined;
afterEach(async () => {
  await sys?.dispose();
  sys = undefined;
});

const READS = [
  "/api/v1/pms/book",
  "/api/v1/pms/risk/live",
  "/api/v1/pms/attribution?period=daily",
  "/api/v1/pms/morning-pack/latest",
  "/api/v1/pms/book/positions",
  "/api/v1/pms/pnl/summary",
  "/api/v1/pms/trades/proposals",
  "/api/v1/pms/journal",
  "/api/v1/pms/risk/limits",
  "/api/v1/pms/attribution/best-worst",
];

function serverTiming(res: Response, metric: string): number {
  const m = new RegExp(`${metric};dur=([\\d.]+)`).exec(res.headers.get("Server-Timing") ?? "");
  return m ? Number(m[1]) : NaN;
}

describe("Redis stopped", () => {
  it("serves every route through the origin and still commits writes", async () => {
    sys = await isolatedSystem();
    await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    await control("POST", `/redis/${sys.redis.id}/stop`);

    for (const path of READS) {
      const res = await sys.fetch(path, { role: "VIEWER" });
      expect(res.status, path).toBe(200);
      if (/book$|risk\/live|attribution\?|morning-pack/.test(path)) {
        expect(res.headers.get("Cache-Status"), path).toMatch(/fwd=bypass/);
      }
    }
    const health = await sys.fetch("/health");
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "degraded", redis: { ok: false }, origin: { ok: true } });

    const before = await originDataVersion(sys.origin);
    const write = await sys.fetch("/api/v1/pms/mtm", {
      method: "POST",
      role: "MANAGER",
      body: JSON.stringify({ price_overrides: {} }),
    });
    expect(write.status).toBe(200);
    expect(await originDataVersion(sys.origin)).toBe(before + 1);
    expect(write.headers.get("Cache-Status")).toMatch(/invalidation-failed|bypass/);
  });

  it("does not wait on a slow Redis past its deadline", async () => {
    sys = await isolatedSystem({ REDIS_DEADLINE_MS: "150" });
    await control("POST", `/redis/${sys.redis.id}/fault`, { delayMs: 3000 });
    const res = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Status")).toMatch(/fwd=bypass/);
    // The edge's own account of the time it spent on Redis: bounded by the deadline, not the 3 s delay.
    expect(serverTiming(res, "cache")).toBeLessThan(1000);
  });
});

describe("origin stopped", () => {
  it("serves a cached tier past its TTL but within grace as stale, labelled", async () => {
    sys = await isolatedSystem({ CACHE_TTL_RISK: "1", CACHE_GRACE_SECONDS: "3600" });
    const first = await sys.fetch("/api/v1/pms/risk/live", { role: "VIEWER" });
    expect(first.status).toBe(200);
    await sleep(2100);
    await control("POST", `/origins/${sys.origin.id}/stop`);
    const stale = await sys.fetch("/api/v1/pms/risk/live", { role: "VIEWER" });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("Cache-Status")).toMatch(/fwd=stale/);
    expect(await stale.json()).toMatchObject({ stale: true, cached: true });
  });

  it("answers 502/504 problem+json for a tier with nothing cached", async () => {
    sys = await isolatedSystem({ ORIGIN_TIMEOUT_MS: "2000" });
    await control("POST", `/origins/${sys.origin.id}/stop`);
    const res = await sys.fetch("/api/v1/pms/attribution?period=ytd", { role: "VIEWER" });
    expect([502, 504]).toContain(res.status);
    const health = await sys.fetch("/health");
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "degraded", redis: { ok: true }, origin: { ok: false } });
    expect(res.headers.get("Content-Type")).toMatch(/problem\+json/);
  });
});
