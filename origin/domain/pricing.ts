// Pricing and P&L of single positions (docs/contract.md §Computations).
//
// Conventions:
// - s = +1 for LONG, −1 for SHORT. A LONG on a PU instrument is long the PU (it gains when
//   rates fall), which is how the contract's P&L formula reads.
// - quantity (signed): PU instruments → notional/100,000 (contracts of 100,000 face);
//   price instruments → notional/entry_price (units). Then P&L = quantity × (price − entry)
//   for both kinds, which is exactly the contract's two formulas.
// - entry_delta (signed BRL): quantity × entry_price, the BRL exposure that moves 1:1 with the
//   instrument's relative price change (s × notional for price instruments).
// - DV01 (BRL per 1 bp, non-negative): PU instruments only, when rate and DU are known.
// - DI1 futures settle daily against the CDI: see diSettlement (a PU that accretes at the CDI
//   makes no P&L). CDS are quoted as a spread in bp and move by spread duration: see cdsPnl.
//   Both conventions, with worked examples, are in origin/README.md §Domain conventions.
import { businessDayCount, businessDaysBetween } from "./calendar.ts";
import type { Direction, Instrument, IsoDate, PositionState, PriceKind } from "./types.ts";

export const DI_FACE = 100_000;

export function directionSign(direction: Direction): 1 | -1 {
  return direction === "LONG" ? 1 : -1;
}

/** B3 DI PU: 100,000 / (1 + r/100)^(DU/252), r in percent a year. */
export function diPu(ratePct: number, businessDays: number): number {
  return DI_FACE / (1 + ratePct / 100) ** (businessDays / 252);
}

/** Inverse of diPu: the annual rate (percent) a PU implies over DU business days. */
export function diRateFromPu(pu: number, businessDays: number): number {
  return ((DI_FACE / pu) ** (252 / businessDays) - 1) * 100;
}

/** |PU(r + 1 bp) − PU(r)| × notional / 100,000. */
export function diDv01(ratePct: number, businessDays: number, notionalBrl: number): number {
  return (Math.abs(diPu(ratePct + 0.01, businessDays) - diPu(ratePct, businessDays)) * Math.abs(notionalBrl)) / DI_FACE;
}

type Sized = Pick<PositionState, "price_kind" | "direction" | "notional_brl" | "entry_price">;

export function quantity(p: Sized): number {
  const s = directionSign(p.direction);
  return p.price_kind === "PU" ? (s * p.notional_brl) / DI_FACE : (s * p.notional_brl) / p.entry_price;
}

/**
 * Gross P&L (before costs) of the position marked at `price`, from its entry price alone: price
 * instruments by the relative move, CDS by spread duration, PU instruments by the PU's change.
 * For DI1 that is only right on the entry day: later days add the CDI settlement (diSettlement),
 * which the MTM engine chains from one snapshot to the next.
 */
export function pnlBrl(p: Sized & { instrument?: string }, price: number): number {
  const s = directionSign(p.direction);
  if (p.price_kind === "PU") return ((price - p.entry_price) * p.notional_brl * s) / DI_FACE;
  if (p.instrument !== undefined && isSpreadQuoted(p.instrument)) return cdsPnl(p as CdsSized, price);
  return p.notional_brl * (price / p.entry_price - 1) * s;
}

export function entryDelta(p: Sized): number {
  return quantity(p) * p.entry_price;
}

/**
 * Signed BRL that moves 1:1 with the instrument's relative quote change (VaR and percentage
 * stress shocks): quantity × price for a price or a PU, and for a CDS the spread's BRL value
 * CS01 × spread (a 10 % wider spread then costs CS01 × 10 % of the spread in bp).
 */
export function relativeExposure(p: Sized & { instrument: string; current_price: number | null }): number {
  const price = p.current_price ?? p.entry_price;
  if (p.price_kind !== "PU" && isSpreadQuoted(p.instrument)) return directionSign(p.direction) * cs01(p) * price;
  return quantity(p) * price;
}

// ---- DI1: daily settlement against the CDI --------------------------------------------------

/** Ticker of the CDI series stored with the closes (close = the CDI of the day, % a year). */
export const CDI_TICKER = "CDI";

/** (1 + CDI/100)^(1/252): what one business day of CDI makes of 1 BRL. */
export function cdiDailyFactor(cdiPct: number): number {
  return (1 + cdiPct / 100) ** (1 / 252);
}

/**
 * Growth of a PU at the CDI from `from` to `to`: Π (1 + CDI_d)^(1/252) over the business days d
 * in [from, to), CDI_d the rate of day d (the overnight from d to the next business day).
 * `cdiOn` gives the CDI of a day in % a year (null when unknown: that day accrues nothing).
 */
export function cdiAccrual(from: IsoDate, to: IsoDate, cdiOn: (date: IsoDate) => number | null): number {
  if (to <= from) return 1;
  let factor = 1;
  for (const d of businessDaysBetween(from, to)) {
    if (d >= to) break;
    const cdi = cdiOn(d);
    if (cdi !== null) factor *= cdiDailyFactor(cdi);
  }
  return factor;
}

/**
 * B3's daily settlement of a DI1 position between two marks, in BRL:
 * s × contracts × (PU_today − PU_previous × accrual), accrual = cdiAccrual(previous, today).
 * With one business day between the marks this is PU_today − PU_yesterday × (1 + CDI_yesterday)^(1/252)
 * per contract; a PU that grows exactly at the CDI settles 0.
 */
export function diSettlement(p: Sized, previousPu: number, pu: number, accrual: number): number {
  return (directionSign(p.direction) * p.notional_brl * (pu - previousPu * accrual)) / DI_FACE;
}

// ---- CDS: spread duration and CS01 ----------------------------------------------------------

/** Recovery rate behind the CDS hazard rate (market standard for sovereigns). */
export const CDS_RECOVERY = 0.4;
/** Flat discount rate of the CDS premium leg (a USD contract), a year. */
export const CDS_DISCOUNT_RATE = 0.04;
const CDS_DEFAULT_TENOR_YEARS = 5;

type CdsSized = Sized & { instrument: string };

/** A CDS is quoted as a spread in bp (ticker family CDS…). */
export function isSpreadQuoted(ticker: string): boolean {
  return normaliseTicker(ticker).startsWith("CDS");
}

/** Tenor in years from the ticker ("CDS_BR_5Y" → 5), 5 when it does not say. */
export function cdsTenorYears(ticker: string): number {
  const m = /(\d+)Y\b/.exec(normaliseTicker(ticker).replace(/_/g, " "));
  return m ? Number(m[1]) : CDS_DEFAULT_TENOR_YEARS;
}

/**
 * Risky annuity (spread duration, years) of a CDS at a spread: with a flat hazard rate
 * λ = spread / (1 − R) and discount rate r, D = (1 − e^(−(λ + r)·T)) / (λ + r).
 */
export function cdsSpreadDuration(spreadBp: number, tenorYears: number): number {
  const k = spreadBp / 10_000 / (1 - CDS_RECOVERY) + CDS_DISCOUNT_RATE;
  return k > 0 ? (1 - Math.exp(-k * tenorYears)) / k : tenorYears;
}

/** CS01 (BRL per 1 bp of spread, non-negative): notional × D(entry spread) / 10,000. */
export function cs01(p: CdsSized): number {
  return (Math.abs(p.notional_brl) * cdsSpreadDuration(p.entry_price, cdsTenorYears(p.instrument))) / 10_000;
}

/** s × CS01 × (spread − entry spread): LONG (protection bought) gains when the spread widens. */
export function cdsPnl(p: CdsSized, spreadBp: number): number {
  return directionSign(p.direction) * cs01(p) * (spreadBp - p.entry_price);
}

/** BRL → USD at a USD/BRL rate (BRL per USD); null when the rate is unknown. */
export function toUsd(brl: number, usdBrl: number | null | undefined): number | null {
  return usdBrl && usdBrl > 0 ? brl / usdBrl : null;
}

// Cost in basis points of notional, by ticker family, matched on the ticker's prefix after
// normalising separators ("NTN-B 2035" → "NTN_B_2035"). Longer prefixes are tried first.
const COST_BPS: ReadonlyArray<readonly [prefix: string, bps: number]> = [
  ["IBOV_FUT", 1.5],
  ["CDS_BR", 5.0],
  ["USDBRL", 2.0],
  ["NTN_B", 3.0],
  ["DI1", 1.0],
  ["DDI", 1.5],
  ["DOL", 0.8],
  ["NDF", 2.0],
  ["LTN", 1.5],
  ["UST", 0.6],
  ["ZN", 1.1],
  ["ZF", 1.1],
  ["ES", 1.0],
];
export const DEFAULT_COST_BPS = 2.0;

function normaliseTicker(ticker: string): string {
  return ticker
    .trim()
    .toUpperCase()
    .replace(/[\s\-./]+/g, "_");
}

export function transactionCostBps(ticker: string): number {
  const t = normaliseTicker(ticker);
  return COST_BPS.find(([prefix]) => t.startsWith(prefix))?.[1] ?? DEFAULT_COST_BPS;
}

/** One side's cost: |notional| × bps / 10,000 (charged on entry and again on exit). */
export function transactionCostBrl(ticker: string, notionalBrl: number): number {
  return (Math.abs(notionalBrl) * transactionCostBps(ticker)) / 10_000;
}

export interface CloseResult {
  gross_pnl_brl: number;
  entry_cost_brl: number;
  exit_cost_brl: number;
  /** gross − entry cost − exit cost */
  realized_pnl_brl: number;
  /** entry + exit cost: the position's transaction_cost_brl once closed */
  transaction_cost_brl: number;
}

/**
 * `grossPnl` overrides the gross P&L at the close when it depends on the path (a DI1's CDI
 * settlements); by default it is pnlBrl at the close price.
 */
export function closePosition(p: Sized & { instrument: string }, closePrice: number, grossPnl?: number): CloseResult {
  const gross = grossPnl ?? pnlBrl(p, closePrice);
  const entryCost = transactionCostBrl(p.instrument, p.notional_brl);
  const exitCost = transactionCostBrl(p.instrument, p.notional_brl);
  return {
    gross_pnl_brl: gross,
    entry_cost_brl: entryCost,
    exit_cost_brl: exitCost,
    realized_pnl_brl: gross - entryCost - exitCost,
    transaction_cost_brl: entryCost + exitCost,
  };
}

/**
 * Business days to maturity of a PU position on `asOf`: from the instrument's maturity when
 * known, else the DU given at entry minus the business days elapsed since; at least 1.
 * null when neither is known.
 */
export function businessDaysToMaturity(
  p: Pick<PositionState, "entry_date" | "business_days">,
  asOf: IsoDate,
  instrument?: Pick<Instrument, "maturity_date">,
): number | null {
  if (instrument?.maturity_date) return Math.max(1, businessDayCount(asOf, instrument.maturity_date));
  if (p.business_days && p.business_days > 0)
    return Math.max(1, p.business_days - businessDayCount(p.entry_date, asOf));
  return null;
}

/** DV01 at entry: PU positions with a known DU; the rate is rate_pct or the entry PU's rate. */
export function entryDv01(
  p: Sized & Pick<PositionState, "entry_date" | "business_days" | "rate_pct">,
  instrument?: Pick<Instrument, "maturity_date">,
): number | null {
  if (p.price_kind !== "PU") return null;
  const du = businessDaysToMaturity(p, p.entry_date, instrument);
  if (du === null) return null;
  const rate = p.rate_pct ?? diRateFromPu(p.entry_price, du);
  return diDv01(rate, du, p.notional_brl);
}

/** The price kind a ticker family implies when the instrument row does not say. */
export function defaultPriceKind(ticker: string): PriceKind {
  return /^(DI1|DDI)/.test(normaliseTicker(ticker)) ? "PU" : "PRICE";
}
