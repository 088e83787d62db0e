import { describe, expect, it } from "vitest";
import { indexPrices } from "./mtm.ts";
import { computeVar, historicalFigures, historicalPnlVector, parametricFigures, type RiskPosition } from "./var.ts";

describe("historical VaR quantiles", () => {
  it("252 scenarios: 13th worst at 95 %, 3rd worst at 99 %, mean of 7 worst for ES 97.5 %", () => {
    // P&L −126 … +125 (thousand BRL). Sorted ascending, index 12 is −114, index 2 is −124;
    // the 7 worst are −126 … −120, mean −123.
    const pnl = Array.from({ length: 252 }, (_, i) => (i - 126) * 1_000);
    const f = historicalFigures(pnl, 10_000_000);
    expect(f.var_95_brl).toBe(114_000);
    expect(f.var_99_brl).toBe(124_000);
    expect(f.es_975_brl).toBe(123_000);
    expect(f.var_95_pct).toBeCloseTo(1.14, 12); // 114,000 / 10,000,000 = 1.14 %
  });

  it("a book that never loses has zero VaR", () => {
    expect(historicalFigures([1, 2, 3], 100).var_95_brl).toBe(0);
    expect(historicalFigures([], 100).var_99_brl).toBe(0);
  });
});

describe("parametric VaR", () => {
  it("z·σ with the sample standard deviation", () => {
    // P&L ±1,000: sample σ = √((1,000² + 1,000²)/1) = 1,414.21
    // VaR95 = 1.64485 × 1,414.21 = 2,326.2; VaR99 = 2.32635 × 1,414.21 = 3,290.0
    // ES97.5 = σ·φ(1.96)/0.025 = 1,414.21 × 0.058441/0.025 = 3,305.9
    const f = parametricFigures([-1_000, 1_000], 1_000_000);
    expect(f.var_95_brl).toBeCloseTo(2_326.2, 0);
    expect(f.var_99_brl).toBeCloseTo(3_290.0, 0);
    expect(f.es_975_brl).toBeCloseTo(3_305.9, 0);
    expect(f.var_99_pct).toBeCloseTo(0.329, 3);
  });
});

describe("revaluation of today's positions on past returns", () => {
  // Business days up to 21 Nov 2025 (20 Nov is a holiday): 17, 18, 19, 21.
  // AAA closes 100, 110, 99, 99 → returns +10 %, −10 %, 0
  // BBB closes  50,  50, 55, 44 → returns 0, +10 %, −20 %
  const index = indexPrices(
    [
      ["2025-11-17", 100, 50],
      ["2025-11-18", 110, 50],
      ["2025-11-19", 99, 55],
      ["2025-11-21", 99, 44],
    ].flatMap(([date, a, b]) => [
      { ticker: "AAA", date: date as string, close: a as number },
      { ticker: "BBB", date: date as string, close: b as number },
    ]),
  );
  // LONG AAA: two lots of 500,000 @ 100, marked 99 → 10,000 units × 99 = 990,000 exposure
  // SHORT BBB: 500,000 @ 50, marked 44 → −10,000 units × 44 = −440,000 exposure
  const lot = {
    instrument: "AAA",
    price_kind: "PRICE",
    direction: "LONG",
    notional_brl: 500_000,
    entry_price: 100,
    current_price: 99,
  } as const;
  const positions: RiskPosition[] = [
    lot,
    lot,
    {
      instrument: "BBB",
      price_kind: "PRICE",
      direction: "SHORT",
      notional_brl: 500_000,
      entry_price: 50,
      current_price: 44,
    },
  ];

  it("simulates each day's P&L", () => {
    // 18 Nov: 990,000 × 10 % = +99,000
    // 19 Nov: 990,000 × −10 % + (−440,000) × 10 % = −143,000
    // 21 Nov: (−440,000) × −20 % = +88,000
    const v = historicalPnlVector(positions, index, "2025-11-21", 3);
    expect(v.dates).toEqual(["2025-11-18", "2025-11-19", "2025-11-21"]);
    expect(v.pnl.map((x) => Math.round(x))).toEqual([99_000, -143_000, 88_000]);
  });

  it("reports VaR, the worst day and the number of observations", () => {
    const r = computeVar({ positions, index, asOf: "2025-11-21", navBrl: 10_000_000, lookback: 3 });
    expect(r.observations).toBe(3);
    expect(r.historical.var_95_brl).toBeCloseTo(143_000, 6); // k = ceil(3 × 5 %) = 1: the worst
    expect(r.historical.var_95_pct).toBeCloseTo(1.43, 9);
    expect(r.worst_day?.date).toBe("2025-11-19");
  });

  it("an instrument without history contributes nothing rather than failing", () => {
    const r = computeVar({
      positions: [{ ...lot, instrument: "NOPE" }],
      index,
      asOf: "2025-11-21",
      navBrl: 10_000_000,
    });
    expect(r.observations).toBe(252);
    expect(r.historical.var_99_brl).toBe(0);
  });
});
