// Attribution routes (#30–#32): windowed attribution, equity curve, best/worst.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeAll(async () => {
  o = await startTestOrigin();
});
afterAll(() => o.close());

const sum = (b: Record<string, { pnl_brl: number }>) => Object.values(b).reduce((a, x) => a + x.pnl_brl, 0);

describe("GET /attribution", () => {
  it.each([
    ["daily", TEST_TODAY],
    ["WTD", "2026-11-23"],
    ["mtd", "2026-11-01"],
    ["Qtd", "2026-10-01"],
    ["YTD", "2026-01-01"],
  ])("period=%s windows from %s to today, and every breakdown sums to the total", async (period, start) => {
    const a = (await o.get(`/attribution?period=${period}`)).body;
    expect(a.period).toMatchObject({ start, end: TEST_TODAY });
    for (const key of ["by_strategy", "by_asset_class", "by_instrument", "by_factor", "by_trade_type"]) {
      expect(sum(a[key]), key).toBeCloseTo(a.total_pnl_brl, 4);
    }
    expect(a.by_time_period.reduce((x: number, b: any) => x + b.pnl_brl, 0)).toBeCloseTo(a.total_pnl_brl, 4);
    expect(a.performance_stats).toHaveProperty("sharpe_ratio");
  });

  it("totals are the P&L of their window, not lifetime: daily = today's P&L, YTD = pnl_ytd", async () => {
    const s = (await o.get("/book")).body.summary;
    expect((await o.get("/attribution?period=daily")).body.total_pnl_brl).toBeCloseTo(s.pnl_today_brl, 4);
    expect((await o.get("/attribution")).body.total_pnl_brl).toBeCloseTo(s.pnl_mtd_brl, 4);
    expect((await o.get("/attribution?period=ytd")).body.total_pnl_brl).toBeCloseTo(s.pnl_ytd_brl, 4);
    expect((await o.get("/attribution?period=inception")).body.total_pnl_brl).toBeCloseTo(s.aum - 100_000_000, 3);
  });

  it("custom needs start ≤ end; unknown periods are 422", async () => {
    const a = (await o.get("/attribution?period=custom&start_date=2026-03-01&end_date=2026-03-31")).body;
    expect(a.period).toMatchObject({ start: "2026-03-01", end: "2026-03-31", calendar_days: 31 });
    expect(sum(a.by_instrument)).toBeCloseTo(a.total_pnl_brl, 4);
    for (const q of [
      "period=custom",
      "period=custom&start_date=2026-03-31&end_date=2026-03-01",
      "period=decade",
      "period=custom&start_date=2026-02-30&end_date=2026-03-01",
    ]) {
      const res = await o.get(`/attribution?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe("GET /attribution/equity-curve", () => {
  it("defaults to the last 30 days; ends at NAV; drawdown never negative", async () => {
    const curve = (await o.get("/attribution/equity-curve")).body;
    const aum = (await o.get("/book")).body.summary.aum;
    expect(curve.at(-1).date).toBe(TEST_TODAY);
    expect(curve[0].date >= "2026-10-26").toBe(true);
    expect(curve.at(-1).equity_brl).toBeCloseTo(aum, 4);
    expect(curve.every((p: any) => p.drawdown_pct >= 0)).toBe(true);
    const ranged = (await o.get("/attribution/equity-curve?start_date=2026-01-05&end_date=2026-01-30")).body;
    expect(ranged[0].date >= "2026-01-05" && ranged.at(-1).date <= "2026-01-30").toBe(true);
    expect((await o.get("/attribution/equity-curve?start_date=2026-01-30&end_date=2026-01-05")).status).toBe(422);
  });
});

describe("GET /attribution/best-worst", () => {
  it("ranks positions, best and worst disjoint", async () => {
    const r = (await o.get("/attribution/best-worst?n=3")).body;
    expect(r.best).toHaveLength(3);
    expect(r.worst).toHaveLength(3);
    expect(r.total_positions).toBe((await o.get("/journal/stats/decision-analysis")).body.total_positions_opened);
    const best = r.best.map((p: any) => p.pnl_brl);
    expect(best).toEqual([...best].sort((a, b) => b - a));
    expect(r.best.some((b: any) => r.worst.some((w: any) => w.id === b.id))).toBe(false);
    expect(Math.min(...best)).toBeGreaterThanOrEqual(Math.max(...r.worst.map((p: any) => p.pnl_brl)));
    expect((await o.get("/attribution/best-worst?n=0")).status).toBe(422);
    expect((await o.get("/attribution/best-worst?n=101")).status).toBe(422);
  });
});
