// The scheduled warm-ups: after the pre-open run, the manager's first GET of each warmed route is
// a HIT; the EOD run marks to market and re-warms; the on-demand endpoint runs the same plan.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundToday } from "../src/cache/fund-date.ts";
import worker from "../src/index.ts";
import { type AppFetch, runWarm } from "../src/warm/run-warm.ts";
import { originDataVersion } from "./support/counters.ts";
import { type IsolatedSystem, isolatedSystem } from "./support/stack.ts";
import { TEST_JWT_SECRET } from "./support/test-secret.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem();
});
afterAll(() => sys.dispose());

async function runCron(cron: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), sys.env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("scheduled warm-up", () => {
  it("pre-open: the first read of every warmed route is a HIT", async () => {
    await runCron("30 9 * * 1-5");
    const today = fundToday(Date.now());
    for (const path of [
      "/api/v1/pms/book",
      "/api/v1/pms/risk/live",
      "/api/v1/pms/attribution?period=daily",
      "/api/v1/pms/attribution?period=MTD",
      "/api/v1/pms/attribution?period=ytd",
      "/api/v1/pms/morning-pack/latest",
      `/api/v1/pms/morning-pack/${today}`,
    ]) {
      const res = await sys.fetch(path, { role: "MANAGER" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Status"), path).toMatch(/^pms-edge; hit/);
    }
  });

  it("EOD: marks to market at the origin, then the book is a HIT at the new version", async () => {
    const before = await originDataVersion(sys.origin);
    await runCron("0 21 * * 1-5");
    const after = await originDataVersion(sys.origin);
    expect(after).toBeGreaterThan(before);
    const book = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    expect(book.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(Number(book.headers.get("PMS-Data-Version"))).toBe(after);
  });

  it("runs on demand for an ADMIN and reports every step", async () => {
    const res = await sys.fetch("/api/v1/pms/cache/warm", {
      method: "POST",
      role: "ADMIN",
      body: JSON.stringify({ schedule: "eod" }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      ok: boolean;
      schedule: string;
      steps: Array<{ step: string; ok: boolean; status: number }>;
    };
    expect(report).toMatchObject({ ok: true, schedule: "eod" });
    expect(report.steps.map((s) => s.step)).toEqual([
      "mtm",
      "book",
      "risk",
      "attribution daily",
      "attribution MTD",
      "attribution YTD",
    ]);
    expect(report.steps.every((s) => s.status === 200)).toBe(true);
  });
});

describe("runWarm", () => {
  it("retries a transient failure, and a failed step does not stop the others", async () => {
    const calls: string[] = [];
    let mtmAttempts = 0;
    const fetch: AppFetch = async (request) => {
      const path = new URL(request.url).pathname;
      calls.push(path);
      if (path.endsWith("/mtm")) return new Response("{}", { status: ++mtmAttempts < 2 ? 503 : 200 });
      if (path.endsWith("/risk/live")) return new Response("{}", { status: 502 });
      if (path.endsWith("/book")) return new Response("{}", { status: 404 });
      return new Response("{}", { status: 200 });
    };
    const report = await runWarm({
      schedule: "eod",
      today: "2026-11-26",
      jwtSecret: TEST_JWT_SECRET,
      fund: "demo",
      fetch,
      attempts: 3,
      backoffMs: 1,
      requestId: "warm-test",
    });
    const byStep = Object.fromEntries(report.steps.map((s) => [s.step, s]));
    expect(byStep.mtm).toMatchObject({ ok: true, attempts: 2 });
    expect(byStep.book).toMatchObject({ ok: false, status: 404, attempts: 1 }); // not transient: no retry
    expect(byStep.risk).toMatchObject({ ok: false, status: 502, attempts: 3 });
    expect(byStep["attribution YTD"]).toMatchObject({ ok: true });
    expect(report.ok).toBe(false);
    expect(calls.filter((p) => p.endsWith("/attribution"))).toHaveLength(3);
  });
});
