// Curves and rankings built from the fund's daily P&L (docs/contract.md routes 8, 10, 31, 32).
import { addCalendarDays, businessDaysBetween } from "./calendar.ts";
import { navOn } from "./nav.ts";
import type { DailyPnl, IsoDate } from "./types.ts";

export interface EquityRow {
  date: IsoDate;
  equity_brl: number;
  return_pct_daily: number;
  /** Since the end of the day before `start`. */
  return_pct_cumulative: number;
  /** Below the running peak of the NAV since inception (capital included), as the risk monitor measures it. */
  drawdown_pct: number;
}

/**
 * One row per business day in [start, end] (plus any other day with P&L), not past the last
 * day with P&L: an unmarked future would only repeat the last equity.
 */
export function attributionEquityCurve(args: {
  capital_brl: number;
  daily: readonly DailyPnl[];
  start: IsoDate;
  end: IsoDate;
}): EquityRow[] {
  const { daily, start } = args;
  const last = daily.at(-1)?.date;
  const end = last !== undefined && last < args.end ? last : args.end;
  const byDate = new Map(daily.map((d) => [d.date, d.pnl_brl]));
  const dates = new Set(businessDaysBetween(start, end));
  for (const d of daily) if (d.date >= start && d.date <= end) dates.add(d.date);
  const base = navOn(args.capital_brl, daily, addCalendarDays(start, -1));
  let equity = base;
  // The peak carried into the window: drawdown is measured from the running peak since
  // inception, like domain/drawdown and the risk trend, not from the window's first day.
  let peak = args.capital_brl;
  let nav = args.capital_brl;
  for (const d of daily) {
    if (d.date >= start) break;
    nav += d.pnl_brl;
    peak = Math.max(peak, nav);
  }
  return [...dates].sort().map((date) => {
    const pnl = byDate.get(date) ?? 0;
    const before = equity;
    equity += pnl;
    peak = Math.max(peak, equity);
    return {
      date,
      equity_brl: equity,
      return_pct_daily: before > 0 ? (pnl / before) * 100 : 0,
      return_pct_cumulative: base > 0 ? (equity / base - 1) * 100 : 0,
      drawdown_pct: peak > 0 ? ((peak - equity) / peak) * 100 : 0,
    };
  });
}

export interface PnlCurveRow {
  snapshot_date: IsoDate;
  daily_pnl_brl: number;
  /** Lifetime cumulative P&L at that date (not reset at start_date). */
  cumulative_pnl_brl: number;
}

/** Days with P&L, optionally filtered to [start, end]. */
export function pnlEquityCurve(daily: readonly DailyPnl[], start?: IsoDate, end?: IsoDate): PnlCurveRow[] {
  let cumulative = 0;
  const out: PnlCurveRow[] = [];
  for (const d of daily) {
    cumulative += d.pnl_brl;
    if ((start && d.date < start) || (end && d.date > end)) continue;
    out.push({ snapshot_date: d.date, daily_pnl_brl: d.pnl_brl, cumulative_pnl_brl: cumulative });
  }
  return out;
}

export interface HeatmapMonth {
  year: number;
  month: number; // 1–12
  pnl_brl: number;
  /** P&L / NAV at the end of the previous month, in percent. */
  return_pct: number;
}

export function monthlyHeatmap(capitalBrl: number, daily: readonly DailyPnl[]): HeatmapMonth[] {
  const months = new Map<string, number>();
  for (const d of daily) months.set(d.date.slice(0, 7), (months.get(d.date.slice(0, 7)) ?? 0) + d.pnl_brl);
  let nav = capitalBrl;
  return [...months]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ym, pnl]) => {
      const row = {
        year: Number(ym.slice(0, 4)),
        month: Number(ym.slice(5, 7)),
        pnl_brl: pnl,
        return_pct: nav > 0 ? (pnl / nav) * 100 : 0,
      };
      nav += pnl;
      return row;
    });
}

/**
 * The n best and n worst by pnl_brl. When there are fewer than 2n items the two lists are
 * kept disjoint: best takes the upper half (rounded up), worst the rest.
 */
export function bestWorst<T extends { pnl_brl: number }>(
  items: readonly T[],
  n: number,
): { best: T[]; worst: T[]; total_positions: number } {
  const sorted = [...items].sort((a, b) => b.pnl_brl - a.pnl_brl);
  const bestCount = Math.min(n, Math.ceil(sorted.length / 2));
  const worstCount = Math.min(n, sorted.length - bestCount);
  return {
    best: sorted.slice(0, bestCount),
    worst: sorted.slice(sorted.length - worstCount).reverse(),
    total_positions: items.length,
  };
}
