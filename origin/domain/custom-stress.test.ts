// Custom shocks, hand-checked: selection (most specific wins, per kind), units (bp through the
// PU formula or CS01, % on the quote) and the totals.
import { describe, expect, it } from "vitest";
import { type CustomStressPosition, runCustomStress } from "./custom-stress.ts";
import { diPu, diRateFromPu } from "./pricing.ts";

const base = {
  entry_date: "2026-03-02",
  business_days: null,
  direction: "LONG" as const,
};
const positions: CustomStressPosition[] = [
  // 100 contracts of DI1 at PU 80,000, 504 DU to maturity (no instrument maturity given).
  {
    ...base,
    id: 1,
    instrument: "DI1F28",
    asset_class: "RATES",
    price_kind: "PU",
    notional_brl: 10_000_000,
    entry_price: 80_000,
    current_price: 80_000,
    business_days: 504,
  },
  // 5 M of USDBRL bought at 5.00, marked 5.00.
  {
    ...base,
    id: 2,
    instrument: "USDBRL",
    asset_class: "FX",
    price_kind: "PRICE",
    notional_brl: 5_000_000,
    entry_price: 5,
    current_price: 5,
  },
  // 10 M of protection sold at 187.7 bp (CS01 4,206.02 BRL/bp, see fidelity.test.ts).
  {
    ...base,
    id: 3,
    instrument: "CDS_BR_5Y",
    asset_class: "CREDIT",
    price_kind: "PRICE",
    direction: "SHORT",
    notional_brl: 10_000_000,
    entry_price: 187.7,
    current_price: 187.7,
  },
  // 2 M of NTN-B at 4,000 (price-quoted: a bp shock cannot move it).
  {
    ...base,
    id: 4,
    instrument: "NTN_B_2030",
    asset_class: "INFLATION",
    price_kind: "PRICE",
    notional_brl: 2_000_000,
    entry_price: 4_000,
    current_price: 4_000,
  },
];

describe("runCustomStress", () => {
  it("moves each position in its unit and sums the breakdown", () => {
    const r = runCustomStress({
      name: "My shock",
      shocks: [
        { asset_class: "RATES", shift_bp: 100 },
        { factor: "fx_usdbrl", shift_pct: 10 },
        { instrument: "CDS_BR_5Y", shift_bp: 50 },
        { asset_class: "INFLATION", shift_bp: 25 },
      ],
      positions,
      navBrl: 100_000_000,
      asOf: "2026-03-02",
    });
    const rows = new Map(r.by_position.map((p) => [p.position_id, p]));
    // DI: r = rate of PU 80,000 over 504 DU; +1 % → new PU; 100 contracts × (new − 80,000).
    const shocked = diPu(diRateFromPu(80_000, 504) + 1, 504);
    expect(rows.get(1)).toMatchObject({ moved_by: "rate", shift_bp: 100 });
    expect(rows.get(1)!.pnl_brl).toBeCloseTo(100 * (shocked - 80_000), 6);
    // By hand: r = (100,000/80,000)^(252/504) − 1 = 11.8034 %; at 12.8034 % the PU is
    // 100,000 / 1.128034² = 78,587.89: −1,412.11 a contract, −141,211 for 100.
    expect(rows.get(1)!.pnl_brl).toBeCloseTo(-141_211, 0);
    // USDBRL +10 % on 5 M long = +500,000.
    expect(rows.get(2)).toMatchObject({ moved_by: "price", factor: "fx_usdbrl", pnl_brl: 500_000 });
    // CDS +50 bp × 4,206.02 BRL/bp, protection sold: −210,301.04.
    expect(rows.get(3)!.moved_by).toBe("spread");
    expect(rows.get(3)!.pnl_brl).toBeCloseTo(-210_301.04, 1);
    // NTN-B selected by a bp shock it cannot take: listed, 0, with a note.
    expect(rows.get(4)).toMatchObject({ moved_by: "none", pnl_brl: 0 });
    expect(rows.get(4)!.note).toContain("price-quoted");
    const sum = r.by_position.reduce((a, p) => a + p.pnl_brl, 0);
    expect(r.total_pnl_brl).toBeCloseTo(sum, 9);
    expect(r).toMatchObject({ scenario: "My shock", pnl_brl: r.total_pnl_brl, pnl_pct: r.pnl_pct_nav });
    expect(r.pnl_pct_nav).toBeCloseTo((sum / 100_000_000) * 100, 12);
    expect(r.description).toBe("Custom shocks: RATES +100 bp, fx_usdbrl +10 %, CDS_BR_5Y +50 bp, INFLATION +25 bp");
  });

  it("the most specific shock of a kind wins; unselected positions are left out", () => {
    const r = runCustomStress({
      shocks: [
        { asset_class: "FX", shift_pct: -20 },
        { instrument: "USDBRL", shift_pct: 2 },
      ],
      positions,
      navBrl: 100_000_000,
      asOf: "2026-03-02",
    });
    expect(r.scenario).toBe("CUSTOM");
    expect(r.by_position.map((p) => [p.position_id, p.shift_pct, p.pnl_brl])).toEqual([[2, 2, 100_000]]);
  });
});
