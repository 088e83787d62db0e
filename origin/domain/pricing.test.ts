import { describe, expect, it } from "vitest";
import {
  businessDaysToMaturity,
  closePosition,
  diDv01,
  diPu,
  diRateFromPu,
  entryDelta,
  entryDv01,
  pnlBrl,
  quantity,
  toUsd,
  transactionCostBps,
  transactionCostBrl,
} from "./pricing.ts";
import type { PositionState } from "./types.ts";

const di = { price_kind: "PU", direction: "LONG", notional_brl: 10_000_000, entry_price: 90_000 } as const;
const fx = { price_kind: "PRICE", direction: "LONG", notional_brl: 5_000_000, entry_price: 5.0 } as const;

describe("DI PU and DV01", () => {
  it("prices a PU from rate and DU", () => {
    // 100000 / 1.10^(252/252) = 90909.0909…
    expect(diPu(10, 252)).toBeCloseTo(90_909.0909, 3);
    // 100000 / 1.12^(126/252) = 100000 / √1.12 = 100000 / 1.0583005 = 94491.118…
    expect(diPu(12, 126)).toBeCloseTo(94_491.118, 2);
    expect(diRateFromPu(diPu(13.25, 400), 400)).toBeCloseTo(13.25, 10);
  });

  it("DV01 = |PU(r+0.01) − PU(r)| × notional/100000", () => {
    // PU(10.01, 252) = 100000/1.1001 = 90900.8272; PU(10) = 90909.0909; diff 8.2637;
    // × 1,000,000 / 100,000 = 82.637 BRL per bp.
    expect(diDv01(10, 252, 1_000_000)).toBeCloseTo(82.637, 2);
  });

  it("entry DV01 uses rate_pct and DU when known, null otherwise", () => {
    const base = { ...di, notional_brl: 1_000_000, entry_date: "2025-11-14" };
    expect(entryDv01({ ...base, rate_pct: 10, business_days: 252 })).toBeCloseTo(82.637, 2);
    // No rate given: the rate implied by entry PU 90909.09 over 252 DU is 10 %.
    expect(entryDv01({ ...base, entry_price: 100_000 / 1.1, rate_pct: null, business_days: 252 })).toBeCloseTo(
      82.637,
      2,
    );
    expect(entryDv01({ ...base, rate_pct: 10, business_days: null })).toBeNull();
    expect(entryDv01({ ...fx, entry_date: "2025-11-14", rate_pct: null, business_days: null })).toBeNull();
  });

  it("DU to maturity runs down with business days elapsed", () => {
    const p = { entry_date: "2025-11-14", business_days: 252 } satisfies Pick<
      PositionState,
      "entry_date" | "business_days"
    >;
    // 17, 18, 19, 21 Nov elapsed (20 Nov holiday) → 252 − 4
    expect(businessDaysToMaturity(p, "2025-11-21")).toBe(248);
    // From a maturity date: DU in (2025-11-14, 2025-11-21] = 4
    expect(businessDaysToMaturity(p, "2025-11-14", { maturity_date: "2025-11-21" })).toBe(4);
  });
});

describe("position P&L", () => {
  it("PU: (current − entry) × notional/100000 × s", () => {
    // (90100 − 90000) × 10,000,000 / 100,000 = 100 × 100 = 10,000
    expect(pnlBrl(di, 90_100)).toBeCloseTo(10_000, 6);
    expect(pnlBrl({ ...di, direction: "SHORT" }, 90_100)).toBeCloseTo(-10_000, 6);
  });

  it("price: notional × (current/entry − 1) × s", () => {
    // 5,000,000 × (5.10/5.00 − 1) = 5,000,000 × 0.02 = 100,000
    expect(pnlBrl(fx, 5.1)).toBeCloseTo(100_000, 6);
    expect(pnlBrl({ ...fx, direction: "SHORT" }, 5.1)).toBeCloseTo(-100_000, 6);
  });

  it("quantity × (price − entry) reproduces the P&L", () => {
    expect(quantity(di)).toBe(100); // 10,000,000 / 100,000 contracts
    expect(quantity({ ...fx, direction: "SHORT" })).toBe(-1_000_000); // 5,000,000 / 5.00 units
    expect(quantity(fx) * (5.1 - 5)).toBeCloseTo(pnlBrl(fx, 5.1), 6);
    expect(entryDelta(di)).toBe(9_000_000); // 100 contracts × PU 90,000
    expect(entryDelta({ ...fx, direction: "SHORT" })).toBe(-5_000_000);
  });

  it("converts to USD at the day's USD/BRL", () => {
    expect(toUsd(50_000, 5)).toBe(10_000);
    expect(toUsd(50_000, null)).toBeNull();
    expect(toUsd(50_000, 0)).toBeNull();
  });
});

describe("transaction costs and close", () => {
  it("charges bps by ticker family", () => {
    expect(transactionCostBps("DI1F27")).toBe(1.0);
    expect(transactionCostBps("DDIF26")).toBe(1.5);
    expect(transactionCostBps("DOLF26")).toBe(0.8);
    expect(transactionCostBps("NDF_USDBRL_3M")).toBe(2.0);
    expect(transactionCostBps("USDBRL")).toBe(2.0);
    expect(transactionCostBps("NTN-B 2035")).toBe(3.0);
    expect(transactionCostBps("LTN_2027")).toBe(1.5);
    expect(transactionCostBps("UST10Y")).toBe(0.6);
    expect(transactionCostBps("ZNZ5")).toBe(1.1);
    expect(transactionCostBps("zfz5")).toBe(1.1);
    expect(transactionCostBps("ESZ5")).toBe(1.0);
    expect(transactionCostBps("CDS_BR_5Y")).toBe(5.0);
    expect(transactionCostBps("IBOV_FUT")).toBe(1.5);
    expect(transactionCostBps("PETR4")).toBe(2.0);
    // 10,000,000 × 1 bp = 1,000
    expect(transactionCostBrl("DI1F27", 10_000_000)).toBeCloseTo(1_000, 9);
  });

  it("realized = P&L(entry→close) − entry cost − exit cost", () => {
    // gross 100,000 (see above); cost 5,000,000 × 2 bp = 1,000 per side → 98,000
    const r = closePosition({ ...fx, instrument: "USDBRL" }, 5.1);
    expect(r.gross_pnl_brl).toBeCloseTo(100_000, 6);
    expect(r.entry_cost_brl).toBeCloseTo(1_000, 9);
    expect(r.exit_cost_brl).toBeCloseTo(1_000, 9);
    expect(r.realized_pnl_brl).toBeCloseTo(98_000, 6);
    expect(r.transaction_cost_brl).toBeCloseTo(2_000, 9);
  });
});
