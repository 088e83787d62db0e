import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIOS, runStressTests, type StressPosition, shockFor, stressPnl } from "./stress.ts";

const asOf = "2025-11-21";
const di: StressPosition = {
  instrument: "DI1F27",
  asset_class: "RATES",
  price_kind: "PU",
  direction: "LONG",
  notional_brl: 10_000_000,
  entry_price: 100_000 / 1.1,
  current_price: 100_000 / 1.1,
  entry_date: asOf,
  business_days: 252,
};
const usd: StressPosition = {
  instrument: "USDBRL",
  asset_class: "FX",
  price_kind: "PRICE",
  direction: "LONG",
  notional_brl: 5_000_000,
  entry_price: 5,
  current_price: 5.5,
  entry_date: asOf,
  business_days: null,
};
const es: StressPosition = {
  instrument: "ESZ5",
  asset_class: "EQUITY",
  price_kind: "PRICE",
  direction: "LONG",
  notional_brl: 2_000_000,
  entry_price: 100,
  current_price: 100,
  entry_date: asOf,
  business_days: null,
};

describe("stress scenarios", () => {
  it("has at least five named, described scenarios", () => {
    expect(DEFAULT_SCENARIOS.length).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_SCENARIOS.map((s) => s.scenario)).toEqual(
      expect.arrayContaining([
        "BRL_CRISIS_2015",
        "COVID_MARCH_2020",
        "TAPER_TANTRUM_2013",
        "RATES_UP_200BP",
        "GLOBAL_EQUITIES_DOWN_20",
      ]),
    );
    for (const s of DEFAULT_SCENARIOS) expect(s.description.length).toBeGreaterThan(20);
  });

  it("reprices a DI position through the PU formula on a rate shock", () => {
    // PU at 10 % over 252 DU = 90,909.09; at 12 % = 100,000/1.12 = 89,285.71;
    // (89,285.71 − 90,909.09) × 100 contracts = −162,337.66
    expect(stressPnl(di, { rate_bp: 200 }, asOf)).toBeCloseTo(-162_337.66, 1);
    // A SHORT PU (paid rate) gains the same amount.
    expect(stressPnl({ ...di, direction: "SHORT" }, { rate_bp: 200 }, asOf)).toBeCloseTo(162_337.66, 1);
  });

  it("moves price positions by exposure × shock", () => {
    // 1,000,000 USD units marked 5.50 = 5,500,000 BRL exposure; +25 % → +1,375,000
    expect(stressPnl(usd, { price_pct: 25 }, asOf)).toBeCloseTo(1_375_000, 6);
  });

  it("ticker-family shocks win over the asset-class shock", () => {
    const crisis = DEFAULT_SCENARIOS.find((s) => s.scenario === "BRL_CRISIS_2015")!;
    expect(shockFor(crisis, "ESZ5", "EQUITY")).toEqual({ price_pct: -10 });
    expect(shockFor(crisis, "IBOV_FUT", "EQUITY")).toEqual({ price_pct: -20 });
  });

  it("sums a scenario over the book, in BRL and % of NAV", () => {
    // BRL crisis: DI +300 bp → PU 100,000/1.13 = 88,495.58, (88,495.58 − 90,909.09) × 100 = −241,351.57
    //             USDBRL +25 % → +1,375,000; ES −10 % × 2,000,000 → −200,000
    //             total 933,648.43 = 0.9336 % of 100,000,000
    const results = runStressTests({ positions: [di, usd, es], navBrl: 100_000_000, asOf });
    const crisis = results.find((r) => r.scenario === "BRL_CRISIS_2015")!;
    expect(crisis.pnl_brl).toBeCloseTo(933_648.43, 1);
    expect(crisis.pnl_pct).toBeCloseTo(0.933648, 5);
    expect(results).toHaveLength(DEFAULT_SCENARIOS.length);
  });
});
