import { describe, expect, it } from "vitest";
import { businessDayCount } from "./calendar.ts";
import { indexPrices } from "./mtm.ts";
import { diPu } from "./pricing.ts";
import { buildProposals, defaultNotional, type OpenPositionRef, selectSignals } from "./proposals.ts";
import { carrySignal, generateSignals, momentumSignal } from "./signal-engine.ts";
import type { Instrument, Signal } from "./types.ts";

const sig = (
  instrument: string,
  asset_class: Signal["asset_class"],
  direction: Signal["direction"],
  conviction: number,
): Signal => ({
  instrument,
  asset_class,
  direction,
  conviction,
  signal_source: "test",
  strategy_ids: ["s1"],
});
const signals = [
  sig("USDBRL", "FX", "LONG", 0.8),
  sig("DI1F27", "RATES", "SHORT", 0.62), // against open LONG #10 → flip
  sig("ESZ5", "EQUITY", "LONG", 0.58), // against open SHORT #11, below 0.60 → not a flip
  sig("CDS_BR_5Y", "CREDIT", "LONG", 0.5), // below 0.55 → dropped
  sig("USDBRL", "FX", "SHORT", 0.7), // same instrument, weaker → dropped
  sig("IBOV_FUT", "EQUITY", "LONG", 0.56),
  sig("NTN_B35", "INFLATION", "LONG", 0.57),
  sig("UST10Y", "SOVEREIGN", "SHORT", 0.555), // sixth → cut by the top 5
];
const open: OpenPositionRef[] = [
  { id: 10, instrument: "DI1F27", asset_class: "RATES", direction: "LONG", notional_brl: 20_000_000 },
  { id: 11, instrument: "ESZ5", asset_class: "EQUITY", direction: "SHORT", notional_brl: 5_000_000 },
];

describe("proposals", () => {
  it("keeps conviction ≥ 0.55, one per instrument, top 5 by conviction", () => {
    expect(selectSignals(signals).map((s) => `${s.instrument}:${s.conviction}`)).toEqual([
      "USDBRL:0.8",
      "DI1F27:0.62",
      "ESZ5:0.58",
      "NTN_B35:0.57",
      "IBOV_FUT:0.56",
    ]);
  });

  it("sizes from NAV × 5 % × conviction, rounded to 100,000", () => {
    expect(defaultNotional(100_000_000, 0.8)).toBe(4_000_000); // 100M × 5 % × 0.80
    expect(defaultNotional(100_000_000, 0.62)).toBe(3_100_000);
    expect(defaultNotional(1_000_000, 0.6)).toBe(100_000); // floor of one lot
  });

  const drafts = buildProposals({ signals, open_positions: open, nav_brl: 100_000_000, as_of_date: "2025-11-21" });
  const by = (i: string) => drafts.find((d) => d.instrument === i)!;

  it("flags a flip at conviction ≥ 0.60 against an opposite open position", () => {
    expect(by("DI1F27")).toMatchObject({
      is_flip: true,
      flip_position_id: 10,
      direction: "SHORT",
      suggested_notional_brl: 3_100_000,
    });
    expect(by("DI1F27").rationale).toContain("closes open LONG position #10");
    expect(by("ESZ5")).toMatchObject({ is_flip: false, flip_position_id: null });
    expect(by("ESZ5").rationale).toContain("not a flip");
    expect(by("USDBRL").is_flip).toBe(false);
  });

  it("computes the risk impact, a flip removing the closed position first", () => {
    // Before: gross 20M + 5M = 25M, net 20M − 5M = 15M, leverage 0.25×.
    // DI flip: close #10, add SHORT 3.1M → gross 5M + 3.1M = 8.1M, net −8.1M, RATES 3.1/8.1 = 38.27 %.
    expect(by("DI1F27").risk_impact).toEqual({
      gross_before_brl: 25_000_000,
      gross_after_brl: 8_100_000,
      net_before_brl: 15_000_000,
      net_after_brl: -8_100_000,
      leverage_before: 0.25,
      leverage_after: 0.081,
      asset_class_share_after_pct: expect.closeTo(38.2716, 3),
      closes_position_id: 10,
    });
    // USDBRL LONG 4M added: gross 29M, net 19M, FX 4/29 = 13.79 %.
    expect(by("USDBRL").risk_impact).toMatchObject({
      gross_after_brl: 29_000_000,
      net_after_brl: 19_000_000,
      asset_class_share_after_pct: expect.closeTo(13.793, 2),
      closes_position_id: null,
    });
  });
});

describe("signal engine", () => {
  const usd: Instrument = { ticker: "USDBRL", asset_class: "FX", price_kind: "PRICE", name: "USD/BRL" };

  it("momentum: z = R / (σ√N), conviction 0.5 + 0.15|z|", () => {
    // closes 100, 110, 99, 108.9; N = 2: R = 108.9/110 − 1 = −1 %; daily returns +10 %, −10 %, +10 %
    // → sample σ = 0.11547; z = −0.01 / (0.11547 × √2) = −0.061237 → SHORT, conviction 0.509186
    const s = momentumSignal(usd, [100, 110, 99, 108.9], 2, 3)!;
    expect(s.direction).toBe("SHORT");
    expect(s.metrics?.momentum_z).toBeCloseTo(-0.061237, 5);
    expect(s.conviction).toBeCloseTo(0.509186, 5);
    // A steady rise 100, 101, 103, 104, 106 gives z ≈ 3.69 → capped at 0.95.
    expect(momentumSignal(usd, [100, 101, 103, 104, 106], 2, 4)).toMatchObject({ direction: "LONG", conviction: 0.95 });
    expect(momentumSignal(usd, [100, 101], 2, 4)).toBeNull(); // not enough history
  });

  it("carry: spread to the short rate, 100 bp → 0.70", () => {
    expect(carrySignal({ ...usd, ticker: "DI1F27", asset_class: "RATES", price_kind: "PU" }, 14, 13)).toMatchObject({
      direction: "LONG",
      conviction: 0.7,
    });
    expect(
      carrySignal({ ...usd, ticker: "DI1F27", asset_class: "RATES", price_kind: "PU" }, 12.5, 13).conviction,
    ).toBeCloseTo(0.6, 12);
  });

  it("generates carry from the DI curve's shortest rate", () => {
    const asOf = "2025-11-21";
    const short: Instrument = {
      ticker: "DI1F26",
      asset_class: "RATES",
      price_kind: "PU",
      name: "DI Jan26",
      maturity_date: "2026-01-02",
    };
    const long: Instrument = {
      ticker: "DI1F27",
      asset_class: "RATES",
      price_kind: "PU",
      name: "DI Jan27",
      maturity_date: "2027-01-04",
    };
    // PUs priced at 15 % (short) and 14 % (long): the long pays −100 bp of carry to a receiver → SHORT at 0.70.
    const index = indexPrices([
      { ticker: "DI1F26", date: asOf, close: diPu(15, businessDayCount(asOf, "2026-01-02")) },
      { ticker: "DI1F27", date: asOf, close: diPu(14, businessDayCount(asOf, "2027-01-04")) },
    ]);
    const out = generateSignals({ instruments: [short, long, usd], index, as_of_date: asOf });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      instrument: "DI1F27",
      direction: "SHORT",
      signal_source: "carry",
      conviction: expect.closeTo(0.7, 9),
    });
    expect(out[0]?.metrics?.carry_bp).toBeCloseTo(-100, 6);
  });
});
