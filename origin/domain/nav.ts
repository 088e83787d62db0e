// Fund-level P&L and NAV from the positions' daily snapshots, and exposure figures.
//
// NAV(d) = capital + Σ daily P&L of every snapshot dated ≤ d. Because a snapshot's daily P&L
// is the change of the position's cumulative P&L (realized included), this equals capital +
// cumulative P&L of all positions, open and closed.
import { directionSign } from "./pricing.ts";
import type { DailyPnl, Direction, IsoDate, NavPoint, PnlSnapshot } from "./types.ts";

export const DEFAULT_CAPITAL_BRL = 100_000_000;

/** Fund P&L per date, ascending; pnl_usd converts each snapshot at its own day's rate. */
export function dailyPnlByDate(
  snapshots: Iterable<Pick<PnlSnapshot, "date" | "daily_pnl_brl" | "fx_rate">>,
): DailyPnl[] {
  const byDate = new Map<IsoDate, DailyPnl>();
  for (const s of snapshots) {
    let day = byDate.get(s.date);
    if (!day) byDate.set(s.date, (day = { date: s.date, pnl_brl: 0, pnl_usd: 0 }));
    day.pnl_brl += s.daily_pnl_brl;
    day.pnl_usd = day.pnl_usd != null && s.fx_rate && s.fx_rate > 0 ? day.pnl_usd + s.daily_pnl_brl / s.fx_rate : null;
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** NAV after each day with P&L, ascending. */
export function navSeries(capitalBrl: number, daily: readonly DailyPnl[]): NavPoint[] {
  let nav = capitalBrl;
  return daily.map((d) => ({ date: d.date, nav_brl: (nav += d.pnl_brl) }));
}

/** Σ daily P&L with start ≤ date ≤ end (BRL). */
export function sumPnl(daily: readonly DailyPnl[], start: IsoDate, end: IsoDate): number {
  let total = 0;
  for (const d of daily) if (d.date >= start && d.date <= end) total += d.pnl_brl;
  return total;
}

/** The same window in USD: each day at its own rate, or at `fallbackFx` when a day has none. */
export function sumPnlUsd(
  daily: readonly DailyPnl[],
  start: IsoDate,
  end: IsoDate,
  fallbackFx: number | null,
): number | null {
  let total = 0;
  for (const d of daily) {
    if (d.date < start || d.date > end) continue;
    if (d.pnl_usd != null) total += d.pnl_usd;
    else if (fallbackFx && fallbackFx > 0) total += d.pnl_brl / fallbackFx;
    else return null;
  }
  return total;
}

/** NAV at the end of `date`: capital + Σ daily P&L dated ≤ date. */
export function navOn(capitalBrl: number, daily: readonly DailyPnl[], date: IsoDate): number {
  let nav = capitalBrl;
  for (const d of daily) if (d.date <= date) nav += d.pnl_brl;
  return nav;
}

export interface Exposure {
  gross_brl: number;
  /** Σ s × notional (LONG +, SHORT −). */
  net_brl: number;
  long_brl: number;
  short_brl: number;
}

export function exposure(positions: Iterable<{ direction: Direction; notional_brl: number }>): Exposure {
  const e: Exposure = { gross_brl: 0, net_brl: 0, long_brl: 0, short_brl: 0 };
  for (const p of positions) {
    const n = Math.abs(p.notional_brl);
    e.gross_brl += n;
    e.net_brl += directionSign(p.direction) * n;
    if (p.direction === "LONG") e.long_brl += n;
    else e.short_brl += n;
  }
  return e;
}

/**
 * x / nav. When NAV is not positive any exposure or loss is beyond every limit, so the ratio is
 * ±Infinity (its sign is x's; 0 only when x is 0): it grades BREACHED and serialises as null,
 * never as a reassuring 0.
 */
export function perNav(x: number, navBrl: number): number {
  if (navBrl > 0) return x / navBrl;
  return x === 0 ? 0 : Math.sign(x) * Number.POSITIVE_INFINITY;
}
