import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AttributionPosition, computeAttribution, strategyShares } from "./attribution.ts";
import { PeriodError, parsePeriod, periodWindow } from "./attribution-period.ts";
import { performanceStats } from "./perf-stats.ts";

describe("period windows", () => {
  const today = "2025-11-19"; // a Wednesday
  it("resolves each named period, case-insensitively", () => {
    expect(periodWindow(parsePeriod("daily"), today)).toEqual({
      start: today,
      end: today,
      calendar_days: 1,
      label: "Daily",
    });
    expect(periodWindow(parsePeriod("wtd"), today)).toMatchObject({ start: "2025-11-17", calendar_days: 3 });
    expect(periodWindow(parsePeriod(undefined), today)).toMatchObject({ start: "2025-11-01", calendar_days: 19 }); // MTD default
    expect(periodWindow(parsePeriod("Qtd"), today)).toMatchObject({ start: "2025-10-01", calendar_days: 50 }); // 31 + 19
    expect(periodWindow(parsePeriod("YTD"), today).start).toBe("2025-01-01");
    expect(periodWindow(parsePeriod("INCEPTION"), today, { inception: "2023-11-20" }).start).toBe("2023-11-20");
    expect(periodWindow("custom", today, { start_date: "2025-02-01", end_date: "2025-02-28" }).calendar_days).toBe(28);
  });

  it("rejects unknown periods and bad custom windows with the offending field", () => {
    expect(() => parsePeriod("weekly")).toThrow(PeriodError);
    const err = (opts: object) => {
      try {
        periodWindow("custom", today, opts);
      } catch (e) {
        return (e as PeriodError).path;
      }
      return null;
    };
    expect(err({ end_date: "2025-02-01" })).toBe("start_date");
    expect(err({ start_date: "2025-02-01" })).toBe("end_date");
    expect(err({ start_date: "2025-02-30", end_date: "2025-03-01" })).toBe("start_date");
    expect(err({ start_date: "2025-03-02", end_date: "2025-03-01" })).toBe("start_date");
  });
});

describe("strategy shares", () => {
  it("weights, else equal split, else UNASSIGNED", () => {
    expect(strategyShares({ strategy_ids: ["a", "b"], strategy_weights: { a: 3, b: 1 } })).toEqual([
      ["a", 0.75],
      ["b", 0.25],
    ]);
    expect(strategyShares({ strategy_ids: ["a", "b"], strategy_weights: null })).toEqual([
      ["a", 0.5],
      ["b", 0.5],
    ]);
    expect(strategyShares({ strategy_ids: [], strategy_weights: {} })).toEqual([["UNASSIGNED", 1]]);
  });
});

describe("computeAttribution (hand-checked MTD as of 17 Nov 2025)", () => {
  // Capital 1,000,000. Snapshots (daily P&L):
  //   #1 DI1F27 RATES, since 20 Oct, weights carry 3 : macro 1 — 31 Oct +5,000; 3 Nov +2,000; 4 Nov −1,000; 17 Nov +3,000
  //   #2 USDBRL FX, since 3 Nov, fx_momo + macro equal       — 3 Nov −500; 4 Nov +1,500; 17 Nov +1,000
  //   #3 IBOV_FUT EQUITY, since 1 Oct, closed 10 Nov, none    — 31 Oct −2,000; 10 Nov +4,000 (realized)
  // NAV before the window (31 Oct) = 1,000,000 + 5,000 − 2,000 = 1,003,000.
  // In window: #1 4,000, #2 2,000, #3 4,000 → total 10,000 = 0.997009 % of 1,003,000.
  const positions: AttributionPosition[] = [
    {
      id: 1,
      instrument: "DI1F27",
      asset_class: "RATES",
      direction: "LONG",
      entry_date: "2025-10-20",
      closed_at: null,
      strategy_ids: ["carry", "macro"],
      strategy_weights: { carry: 3, macro: 1 },
    },
    {
      id: 2,
      instrument: "USDBRL",
      asset_class: "FX",
      direction: "SHORT",
      entry_date: "2025-11-03",
      closed_at: null,
      strategy_ids: ["fx_momo", "macro"],
      strategy_weights: null,
    },
    {
      id: 3,
      instrument: "IBOV_FUT",
      asset_class: "EQUITY",
      direction: "LONG",
      entry_date: "2025-10-01",
      closed_at: "2025-11-10",
      strategy_ids: [],
      strategy_weights: null,
    },
  ];
  const s = (position_id: number, date: string, daily_pnl_brl: number) => ({ position_id, date, daily_pnl_brl });
  const snapshots = [
    s(1, "2025-10-31", 5_000),
    s(1, "2025-11-03", 2_000),
    s(1, "2025-11-04", -1_000),
    s(1, "2025-11-17", 3_000),
    s(2, "2025-11-03", -500),
    s(2, "2025-11-04", 1_500),
    s(2, "2025-11-17", 1_000),
    s(3, "2025-10-31", -2_000),
    s(3, "2025-11-10", 4_000),
  ];
  const a = computeAttribution({
    window: periodWindow("MTD", "2025-11-17"),
    capital_brl: 1_000_000,
    positions,
    snapshots,
  });
  const pnl = (r: Record<string, { pnl_brl: number }>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.pnl_brl]));

  it("totals the window only, realized included", () => {
    expect(a.total_pnl_brl).toBe(10_000);
    expect(a.total_return_pct).toBeCloseTo(0.997009, 5);
  });

  it("splits by strategy, asset class, instrument, factor and trade type", () => {
    // carry 4,000 × 0.75; macro 4,000 × 0.25 + 2,000 × 0.5; fx_momo 2,000 × 0.5; #3 unassigned
    expect(pnl(a.by_strategy)).toEqual({ UNASSIGNED: 4_000, carry: 3_000, fx_momo: 1_000, macro: 2_000 });
    expect(pnl(a.by_asset_class)).toEqual({ EQUITY: 4_000, FX: 2_000, RATES: 4_000 });
    expect(pnl(a.by_instrument)).toEqual({ DI1F27: 4_000, IBOV_FUT: 4_000, USDBRL: 2_000 });
    expect(pnl(a.by_factor)).toEqual({ equity_brazil: 4_000, fx_usdbrl: 2_000, rates_brl: 4_000 });
    expect(pnl(a.by_trade_type)).toEqual({ CLOSED: 4_000, EXISTING: 4_000, NEW: 2_000 });
    expect(a.by_strategy.macro?.positions).toBe(2);
  });

  it("buckets weekly for a short window", () => {
    // [1–2 Nov] 0; [3–9] 2,000 − 1,000 − 500 + 1,500 = 2,000; [10–16] 4,000; [17] 4,000
    expect(a.by_time_period.map((b) => [b.start, b.end, b.pnl_brl])).toEqual([
      ["2025-11-01", "2025-11-02", 0],
      ["2025-11-03", "2025-11-09", 2_000],
      ["2025-11-10", "2025-11-16", 4_000],
      ["2025-11-17", "2025-11-17", 4_000],
    ]);
  });

  it("performance stats over the window's business days", () => {
    // 11 business days 3–17 Nov (15 Nov is a Saturday holiday); P&L days: +1,500, +500, +4,000, +4,000.
    // Compounded NAV 1,003,000 → 1,013,000 = +0.997009 %.
    const p = a.performance_stats;
    expect(p.days).toBe(11);
    expect(p.cumulative_return_pct).toBeCloseTo(0.997009, 5);
    expect(p.win_rate_pct).toBe(100);
    expect(p.avg_win_brl).toBe(2_500);
    expect(p.profit_factor).toBeNull(); // no losing day
    expect(p.max_drawdown_pct).toBe(0);
  });

  it("uses monthly buckets for windows over 90 days", () => {
    const y = computeAttribution({
      window: periodWindow("YTD", "2025-11-17"),
      capital_brl: 1_000_000,
      positions,
      snapshots,
    });
    expect(y.by_time_period).toHaveLength(11);
    expect(y.by_time_period.at(-2)).toMatchObject({
      label: "2025-10",
      start: "2025-10-01",
      end: "2025-10-31",
      pnl_brl: 3_000,
    });
    expect(y.total_pnl_brl).toBe(13_000);
  });
});

describe("performanceStats (hand-checked)", () => {
  it("computes returns on the previous NAV, vol, win rate and profit factor", () => {
    // r = 10/100, −5/110, 10/105 → growth 1.1 × 0.954545 × 1.095238 = 1.15 → +15 %
    // sample σ(r) × √252 = 131.18 %; drawdown 1.10 → 1.05 = 4.5454 %; wins 2 of 3; PF 20/5 = 4
    const p = performanceStats([
      { date: "2025-11-03", pnl_brl: 10, nav_before_brl: 100 },
      { date: "2025-11-04", pnl_brl: -5, nav_before_brl: 110 },
      { date: "2025-11-05", pnl_brl: 10, nav_before_brl: 105 },
    ]);
    expect(p.cumulative_return_pct).toBeCloseTo(15, 9);
    expect(p.annualized_volatility_pct).toBeCloseTo(131.18, 1);
    expect(p.max_drawdown_pct).toBeCloseTo(4.5454, 3);
    expect(p.win_rate_pct).toBeCloseTo(66.667, 2);
    expect(p.profit_factor).toBe(4);
    expect([p.avg_win_brl, p.avg_loss_brl, p.best_day_brl, p.worst_day_brl]).toEqual([10, -5, 10, -5]);
    expect(p.sharpe_ratio).toBeGreaterThan(0);
  });

  it("leaves undefined ratios null on a single day", () => {
    const p = performanceStats([{ date: "2025-11-03", pnl_brl: 10, nav_before_brl: 100 }]);
    expect([p.annualized_return_pct, p.annualized_volatility_pct, p.sharpe_ratio, p.sortino_ratio]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("attribution invariants (property)", () => {
  it("Σ by_instrument = total = Σ by_strategy = Σ by_asset_class = Σ by_factor = Σ by_trade_type = Σ by_time_period", () => {
    const classes = ["RATES", "FX", "CREDIT", "EQUITY", "SOVEREIGN", "INFLATION"] as const;
    const position = fc.record({
      instrument: fc.constantFrom("DI1F27", "USDBRL", "ESZ5", "CDS_BR_5Y", "NTN_B35"),
      asset_class: fc.constantFrom(...classes),
      strategy_ids: fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 3 }),
      weighted: fc.boolean(),
      entry_day: fc.integer({ min: 0, max: 200 }),
      pnl: fc.array(fc.tuple(fc.integer({ min: 0, max: 250 }), fc.integer({ min: -1e6, max: 1e6 })), { maxLength: 15 }),
    });
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 250 }),
        fc.integer({ min: 0, max: 250 }),
        (ps, x, y) => {
          const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const positions: AttributionPosition[] = ps.map((p, i) => ({
            id: i,
            instrument: p.instrument,
            asset_class: p.asset_class,
            direction: "LONG",
            entry_date: day(p.entry_day),
            closed_at: null,
            strategy_ids: p.strategy_ids,
            strategy_weights: p.weighted ? Object.fromEntries(p.strategy_ids.map((id, k) => [id, k + 1])) : null,
          }));
          const snapshots = ps.flatMap((p, i) =>
            p.pnl.map(([d, v]) => ({ position_id: i, date: day(d), daily_pnl_brl: v })),
          );
          const window = periodWindow("custom", "2025-12-31", {
            start_date: day(Math.min(x, y)),
            end_date: day(Math.max(x, y)),
          });
          const a = computeAttribution({ window, capital_brl: 1e9, positions, snapshots });
          const sum = (r: Record<string, { pnl_brl: number }>) => Object.values(r).reduce((t, b) => t + b.pnl_brl, 0);
          const tol = 1e-6 * (1 + Math.abs(a.total_pnl_brl));
          for (const total of [
            sum(a.by_instrument),
            sum(a.by_strategy),
            sum(a.by_asset_class),
            sum(a.by_factor),
            sum(a.by_trade_type),
            a.by_time_period.reduce((t, b) => t + b.pnl_brl, 0),
          ]) {
            expect(Math.abs(total - a.total_pnl_brl)).toBeLessThan(tol);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
