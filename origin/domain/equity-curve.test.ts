import { describe, expect, it } from "vitest";
import { attributionEquityCurve, bestWorst, monthlyHeatmap, pnlEquityCurve } from "./equity-curve.ts";

// Capital 1,000: 31 Oct +100 (NAV 1,100), 3 Nov +110 (1,210), 5 Nov −121 (1,089).
const daily = [
  { date: "2025-10-31", pnl_brl: 100 },
  { date: "2025-11-03", pnl_brl: 110 },
  { date: "2025-11-05", pnl_brl: -121 },
];

describe("attribution equity curve", () => {
  it("rows per business day up to the last marked day, returns vs the equity before start", () => {
    // Base (31 Oct) 1,100. 3 Nov: 1,210, +10 % daily, +10 % cumulative. 4 Nov: flat.
    // 5 Nov: 1,089, −121/1,210 = −10 % daily, 1,089/1,100 − 1 = −1 % cumulative, 10 % below the 1,210 peak.
    const rows = attributionEquityCurve({ capital_brl: 1_000, daily, start: "2025-11-01", end: "2025-11-30" });
    expect(rows.map((r) => r.date)).toEqual(["2025-11-03", "2025-11-04", "2025-11-05"]);
    expect(rows[0]).toEqual({
      date: "2025-11-03",
      equity_brl: 1_210,
      return_pct_daily: expect.closeTo(10, 9),
      return_pct_cumulative: expect.closeTo(10, 9),
      drawdown_pct: 0,
    });
    expect(rows[1]?.return_pct_daily).toBe(0);
    expect(rows[2]).toMatchObject({
      equity_brl: 1_089,
      return_pct_daily: expect.closeTo(-10, 9),
      return_pct_cumulative: expect.closeTo(-1, 9),
      drawdown_pct: expect.closeTo(10, 9),
    });
  });
});

describe("P&L equity curve", () => {
  it("keeps the lifetime cumulative when filtered", () => {
    expect(pnlEquityCurve(daily, "2025-11-01")).toEqual([
      { snapshot_date: "2025-11-03", daily_pnl_brl: 110, cumulative_pnl_brl: 210 },
      { snapshot_date: "2025-11-05", daily_pnl_brl: -121, cumulative_pnl_brl: 89 },
    ]);
    expect(pnlEquityCurve(daily, undefined, "2025-10-31")).toHaveLength(1);
  });
});

describe("monthly heatmap", () => {
  it("returns on the NAV at the end of the previous month", () => {
    // Oct: 100 / 1,000 = 10 %; Nov: (110 − 121) / 1,100 = −1 %
    expect(monthlyHeatmap(1_000, daily)).toEqual([
      { year: 2025, month: 10, pnl_brl: 100, return_pct: 10 },
      { year: 2025, month: 11, pnl_brl: -11, return_pct: expect.closeTo(-1, 9) },
    ]);
  });
});

describe("best / worst", () => {
  const items = [5, -3, 10, 0, -8].map((pnl_brl, id) => ({ id, pnl_brl }));
  it("takes the n best and n worst", () => {
    const r = bestWorst(items, 2);
    expect(r.best.map((x) => x.pnl_brl)).toEqual([10, 5]);
    expect(r.worst.map((x) => x.pnl_brl)).toEqual([-8, -3]);
    expect(r.total_positions).toBe(5);
  });
  it("keeps the lists disjoint when there are fewer than 2n positions", () => {
    const r = bestWorst(items, 10);
    expect(r.best.map((x) => x.pnl_brl)).toEqual([10, 5, 0]);
    expect(r.worst.map((x) => x.pnl_brl)).toEqual([-8, -3]);
    expect(bestWorst([{ pnl_brl: 1 }], 5)).toEqual({ best: [{ pnl_brl: 1 }], worst: [], total_positions: 1 });
  });
});
