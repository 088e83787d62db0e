import { describe, expect, it } from "vitest";
import { computeLiveRisk, riskTrendPoint } from "./live-risk.ts";
import { indexPrices } from "./mtm.ts";

describe("computeLiveRisk", () => {
  // Capital 10,000,000; daily P&L +100,000 (18 Nov), −300,000 (19 Nov) → NAV 9,800,000,
  // peak 10,100,000 → drawdown 300,000 / 10,100,000 = 2.9703 %.
  // One position: USDBRL LONG 30,000,000 @ 5.00, marked 5.00 → gross and net 30,000,000,
  // leverage 30 / 9.8 = 3.0612× (under the 3.2× warning), net 3.0612× > 2.0× → BREACHED;
  // FX is 100 % of gross > 40 % → BREACHED.
  // USDBRL closes 5.0, 5.1, 4.998, 5.0 (17, 18, 19, 21 Nov): exposure 30,000,000 × returns
  // gives +600,000, −600,000, +12,004.80 and zeros on the other 249 days of the window, so
  // historical VaR95 (13th worst) and VaR99 (3rd worst) are 0, ES97.5 = 600,000/7 = 85,714.29.
  const index = indexPrices([
    { ticker: "USDBRL", date: "2025-11-17", close: 5.0 },
    { ticker: "USDBRL", date: "2025-11-18", close: 5.1 },
    { ticker: "USDBRL", date: "2025-11-19", close: 4.998 },
    { ticker: "USDBRL", date: "2025-11-21", close: 5.0 },
  ]);
  const live = computeLiveRisk({
    as_of_date: "2025-11-21",
    capital_brl: 10_000_000,
    positions: [
      {
        id: 1,
        instrument: "USDBRL",
        asset_class: "FX",
        price_kind: "PRICE",
        direction: "LONG",
        notional_brl: 30_000_000,
        entry_price: 5,
        current_price: 5,
        entry_date: "2025-11-17",
        business_days: null,
      },
    ],
    daily: [
      { date: "2025-11-18", pnl_brl: 100_000 },
      { date: "2025-11-19", pnl_brl: -300_000 },
    ],
    index,
  });

  it("computes leverage, drawdown and VaR from the inputs", () => {
    expect(live.leverage.nav_brl).toBe(9_800_000);
    expect(live.leverage.gross).toBeCloseTo(3.0612, 4);
    expect(live.drawdown.current_drawdown_pct).toBeCloseTo(2.9703, 4);
    expect(live.var.observations).toBe(252);
    expect(live.var.var_95_brl).toBe(0);
    expect(live.var.var_99_brl).toBe(0);
    expect(live.var.es_975_brl).toBeCloseTo(85_714.29, 1);
    expect(live.var.worst_day).toEqual({ date: "2025-11-19", pnl_brl: expect.closeTo(-600_000, 3) });
    expect(live.stress_tests.length).toBeGreaterThanOrEqual(5);
  });

  it("raises the breached limits once each", () => {
    expect(live.alerts.map((a) => a.limit).sort()).toEqual(["concentration_FX", "net_leverage"]);
    expect(live.limits_summary.overall_status).toBe("BREACHED");
  });

  it("summarises into a trend point", () => {
    expect(riskTrendPoint(live)).toEqual({
      date: "2025-11-21",
      var_95: 0,
      var_99: 0,
      leverage_gross: expect.closeTo(3.0612, 4),
      drawdown_pct: expect.closeTo(2.9703, 4),
      alert_count: 2,
      overall_status: "BREACHED",
    });
  });
});
