import { describe, expect, it } from "vitest";
import { type ConcentrationPosition, concentration } from "./concentration.ts";

const limits = { RATES: 60, FX: 40, INFLATION: 30, SOVEREIGN: 20, CREDIT: 20, EQUITY: 30 };

describe("concentration", () => {
  // Gross = 50 + 20 + 15 + 10 + 5 = 100 (millions), so each notional is also its share.
  const p = (id: number, asset_class: ConcentrationPosition["asset_class"], m: number): ConcentrationPosition => ({
    id,
    instrument: `T${id}`,
    asset_class,
    direction: id % 2 ? "LONG" : "SHORT",
    notional_brl: m * 1_000_000,
  });
  const c = concentration(
    [p(1, "RATES", 20), p(2, "RATES", 50), p(3, "FX", 15), p(4, "EQUITY", 10), p(5, "CREDIT", 5)],
    limits,
  );

  it("shares of gross per asset class against their limits", () => {
    expect(c.gross_brl).toBe(100_000_000);
    // RATES 70 % of gross vs 60 % limit → utilization 116.67 %
    expect(c.by_asset_class.RATES.share_pct).toBeCloseTo(70, 10);
    expect(c.by_asset_class.RATES.utilization_pct).toBeCloseTo(116.6667, 3);
    // FX 15 % vs 40 % → 37.5 %
    expect(c.by_asset_class.FX.utilization_pct).toBeCloseTo(37.5, 10);
    expect(c.by_asset_class.SOVEREIGN).toEqual({ gross_brl: 0, share_pct: 0, limit_pct: 20, utilization_pct: 0 });
  });

  it("top-3 positions by size, shorts counted by size too", () => {
    expect(c.top_positions.map((t) => t.id)).toEqual([2, 1, 3]);
    expect(c.top3_share_pct).toBeCloseTo(85, 10); // 50 + 20 + 15
  });

  it("an empty book has zero shares", () => {
    const e = concentration([], limits);
    expect(e.top3_share_pct).toBe(0);
    expect(e.by_asset_class.RATES.share_pct).toBe(0);
  });
});
