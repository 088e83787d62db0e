// P&L attribution over a window (docs/contract.md route 30).
//
// The P&L of a position in [start, end] is the sum of its daily snapshots dated inside the
// window, so realized P&L booked on a close date counts in the window of that date. Every
// breakdown splits the same numbers, so each sums to total_pnl_brl:
// - by_strategy: strategy_weights (normalised over the weighted ids), else an equal split
//   over strategy_ids, else "UNASSIGNED";
// - by_asset_class, by_instrument, by_factor (Instrument.factor, else a default by ticker
//   family — see defaultFactor);
// - by_trade_type: "CLOSED" (closed inside the window), else "NEW" (entered inside the
//   window), else "EXISTING" (carried into the window and still open at its end);
// - by_time_period: weekly buckets (Monday-start, clipped to the window) when the window is
//   at most 90 calendar days, else calendar months.
// return_pct figures are P&L / NAV at the end of the day before the window, in percent.

import type { PeriodWindow } from "./attribution-period.ts";
import { addCalendarDays, businessDaysBetween, monthStart, weekStart } from "./calendar.ts";
import { dailyPnlByDate, navOn } from "./nav.ts";
import { type DayReturn, type PerformanceStats, performanceStats } from "./perf-stats.ts";
import type { AssetClass, DailyPnl, Instrument, IsoDate, PnlSnapshot, PositionState } from "./types.ts";

export const UNASSIGNED = "UNASSIGNED";

export type AttributionPosition = Pick<
  PositionState,
  "id" | "instrument" | "asset_class" | "direction" | "entry_date" | "closed_at" | "strategy_ids" | "strategy_weights"
>;

export interface Bucket {
  pnl_brl: number;
  return_pct: number;
  positions: number;
}

export interface TimeBucket {
  label: string;
  start: IsoDate;
  end: IsoDate;
  pnl_brl: number;
  return_pct: number;
}

export interface Attribution {
  period: PeriodWindow;
  total_pnl_brl: number;
  total_return_pct: number;
  by_strategy: Record<string, Bucket>;
  by_asset_class: Record<string, Bucket>;
  by_instrument: Record<string, Bucket>;
  by_factor: Record<string, Bucket>;
  by_time_period: TimeBucket[];
  by_trade_type: Record<string, Bucket>;
  performance_stats: PerformanceStats;
}

// Ticker family → risk factor; the first matching prefix wins.
const FACTOR_BY_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ["DI1", "rates_brl"],
  ["DDI", "rates_brl_usd"],
  ["LTN", "rates_brl"],
  ["NTN_F", "rates_brl"],
  ["NTN_B", "inflation_brl"],
  ["NTN-B", "inflation_brl"],
  ["USDBRL", "fx_usdbrl"],
  ["DOL", "fx_usdbrl"],
  ["NDF", "fx_usdbrl"],
  ["UST", "rates_usd"],
  ["ZN", "rates_usd"],
  ["ZF", "rates_usd"],
  ["CDS_BR", "credit_brazil"],
  ["IBOV", "equity_brazil"],
  ["ES", "equity_us"],
];

export function defaultFactor(ticker: string, assetClass: AssetClass): string {
  const t = ticker.toUpperCase();
  return FACTOR_BY_PREFIX.find(([p]) => t.startsWith(p))?.[1] ?? assetClass.toLowerCase();
}

/** Strategy shares of a position, summing to 1. */
export function strategyShares(p: Pick<PositionState, "strategy_ids" | "strategy_weights">): Array<[string, number]> {
  const weights = Object.entries(p.strategy_weights ?? {}).filter(([, w]) => Number.isFinite(w) && w > 0);
  const total = weights.reduce((a, [, w]) => a + w, 0);
  if (total > 0) return weights.map(([id, w]) => [id, w / total]);
  const ids = [...new Set(p.strategy_ids)];
  if (ids.length > 0) return ids.map((id) => [id, 1 / ids.length]);
  return [[UNASSIGNED, 1]];
}

export function tradeType(
  p: Pick<PositionState, "entry_date" | "closed_at">,
  w: Pick<PeriodWindow, "start" | "end">,
): string {
  if (p.closed_at !== null && p.closed_at >= w.start && p.closed_at <= w.end) return "CLOSED";
  if (p.entry_date >= w.start) return "NEW";
  return "EXISTING";
}

export function timeBuckets(
  w: Pick<PeriodWindow, "start" | "end" | "calendar_days">,
): Array<Omit<TimeBucket, "pnl_brl" | "return_pct">> {
  const weekly = w.calendar_days <= 90;
  const out: Array<Omit<TimeBucket, "pnl_brl" | "return_pct">> = [];
  let cursor = w.start;
  while (cursor <= w.end) {
    const first = weekly ? weekStart(cursor) : monthStart(cursor);
    const next = weekly ? addCalendarDays(first, 7) : monthStart(addCalendarDays(first, 32));
    const last = addCalendarDays(next, -1);
    out.push({
      label: weekly ? `week of ${first}` : first.slice(0, 7),
      start: cursor,
      end: last < w.end ? last : w.end,
    });
    cursor = next;
  }
  return out;
}

export function computeAttribution(args: {
  window: PeriodWindow;
  capital_brl: number;
  positions: readonly AttributionPosition[];
  /** All snapshots (the whole history: NAV before the window and the stats need it). */
  snapshots: readonly Pick<PnlSnapshot, "position_id" | "date" | "daily_pnl_brl">[];
  instruments?: ReadonlyMap<string, Pick<Instrument, "factor">>;
  risk_free_rate_pct?: number;
}): Attribution {
  const w = args.window;
  const known = new Set(args.positions.map((p) => p.id));
  const positionPnl = new Map<number, number>();
  for (const s of args.snapshots) {
    if (!known.has(s.position_id) || s.date < w.start || s.date > w.end) continue;
    positionPnl.set(s.position_id, (positionPnl.get(s.position_id) ?? 0) + s.daily_pnl_brl);
  }
  return attributionFromAggregates({
    ...args,
    daily: dailyPnlByDate(args.snapshots.map((s) => ({ ...s, fx_rate: null }))),
    attributed_daily: dailyPnlByDate(
      args.snapshots.filter((s) => known.has(s.position_id)).map((s) => ({ ...s, fx_rate: null })),
    ),
    position_pnl: positionPnl,
  });
}

/**
 * The same attribution from aggregates the store keeps, so its cost follows the number of
 * positions and days, not of snapshots: `position_pnl` is each position's P&L inside the window
 * (positions without P&L in it are absent) and `daily` the fund's P&L per date up to the
 * window's end (NAV before the window, the time buckets and the statistics come from it).
 */
export function attributionFromAggregates(args: {
  window: PeriodWindow;
  capital_brl: number;
  positions: readonly AttributionPosition[];
  position_pnl: ReadonlyMap<number, number>;
  daily: readonly DailyPnl[];
  /** Daily P&L of the attributed positions only, for the time buckets (default: `daily`). */
  attributed_daily?: readonly DailyPnl[];
  instruments?: ReadonlyMap<string, Pick<Instrument, "factor">>;
  risk_free_rate_pct?: number;
}): Attribution {
  const w = args.window;
  const daily = args.daily;
  const attributedDaily = args.attributed_daily ?? daily;
  const navStart = navOn(args.capital_brl, daily, addCalendarDays(w.start, -1));
  const ret = (pnl: number) => (navStart > 0 ? (pnl / navStart) * 100 : 0);
  const perPosition = args.position_pnl;
  const breakdowns = {
    strategy: new Map<string, Bucket>(),
    asset: new Map<string, Bucket>(),
    instrument: new Map<string, Bucket>(),
    factor: new Map<string, Bucket>(),
    trade: new Map<string, Bucket>(),
  };
  const add = (m: Map<string, Bucket>, key: string, pnl: number) => {
    const b = m.get(key) ?? { pnl_brl: 0, return_pct: 0, positions: 0 };
    b.pnl_brl += pnl;
    b.positions += 1;
    m.set(key, b);
  };
  let total = 0;
  for (const p of args.positions) {
    const pnl = perPosition.get(p.id);
    if (pnl === undefined) continue;
    total += pnl;
    for (const [id, share] of strategyShares(p)) add(breakdowns.strategy, id, pnl * share);
    add(breakdowns.asset, p.asset_class, pnl);
    add(breakdowns.instrument, p.instrument, pnl);
    add(
      breakdowns.factor,
      args.instruments?.get(p.instrument)?.factor ?? defaultFactor(p.instrument, p.asset_class),
      pnl,
    );
    add(breakdowns.trade, tradeType(p, w), pnl);
  }
  const finish = (m: Map<string, Bucket>) =>
    Object.fromEntries(
      [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, b]) => [k, { ...b, return_pct: ret(b.pnl_brl) }]),
    );

  const byTime = timeBuckets(w).map((b) => {
    const pnl = attributedDaily.filter((d) => d.date >= b.start && d.date <= b.end).reduce((a, d) => a + d.pnl_brl, 0);
    return { ...b, pnl_brl: pnl, return_pct: ret(pnl) };
  });

  return {
    period: w,
    total_pnl_brl: total,
    total_return_pct: ret(total),
    by_strategy: finish(breakdowns.strategy),
    by_asset_class: finish(breakdowns.asset),
    by_instrument: finish(breakdowns.instrument),
    by_factor: finish(breakdowns.factor),
    by_time_period: byTime,
    by_trade_type: finish(breakdowns.trade),
    performance_stats: performanceStats(windowDays(daily, w, args.capital_brl), args.risk_free_rate_pct),
  };
}

/** Business days of the window that have data (clipped to the first and last P&L dates). */
function windowDays(daily: readonly DailyPnl[], w: PeriodWindow, capital: number): DayReturn[] {
  const first = daily[0]?.date;
  const last = daily.at(-1)?.date;
  if (!first || !last) return [];
  const from = w.start > first ? w.start : first;
  const to = w.end < last ? w.end : last;
  const pnlByDate = new Map(daily.map((d) => [d.date, d.pnl_brl]));
  const dates = new Set(businessDaysBetween(from, to));
  for (const d of daily) if (d.date >= from && d.date <= to) dates.add(d.date);
  let nav = navOn(capital, daily, addCalendarDays(from, -1));
  return [...dates].sort().map((date) => {
    const pnl = pnlByDate.get(date) ?? 0;
    const day = { date, pnl_brl: pnl, nav_before_brl: nav };
    nav += pnl;
    return day;
  });
}
