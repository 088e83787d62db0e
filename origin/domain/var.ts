// Value at risk of today's open book (docs/contract.md §Computations, "VaR").
//
// Historical simulation: the last 252 business-day returns of each instrument (closes carried
// forward over missing days; a day without both closes is a 0 return) applied to today's
// exposures — exposure = signed quantity × current price, the BRL amount that moves 1:1 with
// the instrument's relative price change. Positions are summed per ticker first, so the cost
// is O(tickers × 252) whatever the number of positions.
//
// Quantiles: with N scenarios and tail fraction q (5 %, 1 %), VaR is the k-th worst P&L,
// k = ceil(N·q) (252 days: 13th worst at 95 %, 3rd worst at 99 %); ES 97.5 % is the mean of
// the ceil(N·2.5 %) worst (7 of 252). Losses are reported as positive numbers, floored at 0.
//
// Parametric normal: σ = sample standard deviation of the same historical P&L vector, mean
// taken as 0 (one-day horizon); VaR = z·σ (z95 = 1.6449, z99 = 2.3263) and
// ES97.5 = σ·φ(z97.5)/0.025 = 2.3378·σ. Limits use the historical figures.
import { lastBusinessDays } from "./calendar.ts";
import { indexOnOrBefore } from "./mtm.ts";
import { perNav } from "./nav.ts";
import { relativeExposure } from "./pricing.ts";
import type { IsoDate, PositionState, PriceIndex } from "./types.ts";

export const VAR_LOOKBACK_DAYS = 252;
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;
const Z975 = 1.959963984540054;
const TAILS = { var95: 0.05, var99: 0.01, es975: 0.025 } as const;

export type RiskPosition = Pick<
  PositionState,
  "instrument" | "price_kind" | "direction" | "notional_brl" | "entry_price" | "current_price"
>;

/**
 * Signed BRL exposure to the instrument's relative quote change (entry price if never marked):
 * quantity × price, or for a CDS its CS01 × spread (pricing.relativeExposure).
 */
export function priceExposure(p: RiskPosition): number {
  return relativeExposure(p);
}

export interface VarFigures {
  var_95_brl: number;
  var_99_brl: number;
  es_975_brl: number;
  var_95_pct: number;
  var_99_pct: number;
  es_975_pct: number;
}

export interface VarResult {
  as_of_date: IsoDate;
  observations: number;
  historical: VarFigures;
  parametric: VarFigures;
  /** The worst simulated day (null without observations). */
  worst_day: { date: IsoDate; pnl_brl: number } | null;
}

/** The simulated one-day P&L of today's exposures on each of the last `lookback` days. */
export function historicalPnlVector(
  positions: readonly RiskPosition[],
  index: PriceIndex,
  asOf: IsoDate,
  lookback = VAR_LOOKBACK_DAYS,
): { dates: IsoDate[]; pnl: number[] } {
  const dates = lastBusinessDays(asOf, lookback + 1);
  const pnl = new Array<number>(lookback).fill(0);
  const byTicker = new Map<string, number>();
  for (const p of positions) byTicker.set(p.instrument, (byTicker.get(p.instrument) ?? 0) + priceExposure(p));
  for (const [ticker, exposure] of byTicker) {
    const series = index.get(ticker);
    if (!series || exposure === 0) continue;
    let prev = closeAt(series, dates[0] as IsoDate);
    for (let i = 1; i < dates.length; i++) {
      const cur = closeAt(series, dates[i] as IsoDate);
      if (prev !== null && cur !== null && prev > 0) pnl[i - 1] = (pnl[i - 1] as number) + exposure * (cur / prev - 1);
      prev = cur;
    }
  }
  return { dates: dates.slice(1), pnl };
}

function closeAt(series: { dates: IsoDate[]; closes: number[] }, date: IsoDate): number | null {
  const i = indexOnOrBefore(series, date);
  return i < 0 ? null : (series.closes[i] as number);
}

function tailCount(n: number, tail: number): number {
  // The epsilon keeps 252 × 0.05 = 12.600000000000001 and 40 × 0.05 from rounding up wrongly.
  return Math.max(1, Math.ceil(n * tail - 1e-9));
}

/** Historical VaR/ES of a P&L vector (losses positive, floored at 0). */
export function historicalFigures(pnl: readonly number[], navBrl: number): VarFigures {
  if (pnl.length === 0) return figures(0, 0, 0, navBrl);
  const sorted = [...pnl].sort((a, b) => a - b);
  const kth = (tail: number) => Math.max(0, -(sorted[tailCount(sorted.length, tail) - 1] as number));
  const kEs = tailCount(sorted.length, TAILS.es975);
  let worst = 0;
  for (let i = 0; i < kEs; i++) worst += sorted[i] as number;
  return figures(kth(TAILS.var95), kth(TAILS.var99), Math.max(0, -worst / kEs), navBrl);
}

export function sampleStdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Parametric normal VaR/ES from the P&L vector's standard deviation (zero mean). */
export function parametricFigures(pnl: readonly number[], navBrl: number): VarFigures {
  const sigma = sampleStdev(pnl);
  const phi = Math.exp(-(Z975 * Z975) / 2) / Math.sqrt(2 * Math.PI);
  return figures(Z95 * sigma, Z99 * sigma, (sigma * phi) / TAILS.es975, navBrl);
}

function figures(var95: number, var99: number, es975: number, navBrl: number): VarFigures {
  return {
    var_95_brl: var95,
    var_99_brl: var99,
    es_975_brl: es975,
    var_95_pct: perNav(var95, navBrl) * 100,
    var_99_pct: perNav(var99, navBrl) * 100,
    es_975_pct: perNav(es975, navBrl) * 100,
  };
}

export function computeVar(args: {
  positions: readonly RiskPosition[];
  index: PriceIndex;
  asOf: IsoDate;
  navBrl: number;
  lookback?: number;
}): VarResult {
  const { dates, pnl } = historicalPnlVector(args.positions, args.index, args.asOf, args.lookback);
  let worst: VarResult["worst_day"] = null;
  pnl.forEach((x, i) => {
    if (worst === null || x < worst.pnl_brl) worst = { date: dates[i] as IsoDate, pnl_brl: x };
  });
  return {
    as_of_date: args.asOf,
    observations: pnl.length,
    historical: historicalFigures(pnl, args.navBrl),
    parametric: parametricFigures(pnl, args.navBrl),
    worst_day: worst,
  };
}
