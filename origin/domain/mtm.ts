// Mark-to-market engine: price resolution and one P&L snapshot per position per date.
//
// Price of a ticker on a date: the override, else the latest stored close on or before the
// date, else the position's last mark — never silently the entry price. A position's own
// execution is a mark made on its entry date (a traded price, labelled "last_mark" and flagged
// stale after 3 days), so a position whose ticker has no closes yet is still marked, visibly.
// With none of these the source is "none" and no snapshot is produced.
import { businessDaysBetween, calendarDaysBetween } from "./calendar.ts";
import { CDI_TICKER, cdiAccrual, closePosition, diSettlement, pnlBrl, transactionCostBrl } from "./pricing.ts";
import type { IsoDate, PnlSnapshot, PositionState, PriceBar, PriceIndex, PriceSeries, ResolvedPrice } from "./types.ts";

export const STALE_AFTER_CALENDAR_DAYS = 3;
export const FX_TICKER = "USDBRL";

export function indexPrices(bars: Iterable<PriceBar>): PriceIndex {
  const grouped = new Map<string, PriceBar[]>();
  for (const bar of bars) {
    const list = grouped.get(bar.ticker);
    if (list) list.push(bar);
    else grouped.set(bar.ticker, [bar]);
  }
  const index: PriceIndex = new Map();
  for (const [ticker, list] of grouped) {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    index.set(ticker, { ticker, dates: list.map((b) => b.date), closes: list.map((b) => b.close) });
  }
  return index;
}

/** Position of the last date ≤ `date` in a sorted series, or −1. */
export function indexOnOrBefore(series: Pick<PriceSeries, "dates">, date: IsoDate): number {
  let lo = 0;
  let hi = series.dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((series.dates[mid] as string) <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function closeOnOrBefore(
  index: PriceIndex,
  ticker: string,
  date: IsoDate,
): { date: IsoDate; close: number } | null {
  const series = index.get(ticker);
  if (!series) return null;
  const i = indexOnOrBefore(series, date);
  return i < 0 ? null : { date: series.dates[i] as string, close: series.closes[i] as number };
}

export interface LastMark {
  price: number;
  date: IsoDate;
}

export function resolvePrice(args: {
  ticker: string;
  date: IsoDate;
  index: PriceIndex;
  overrides?: Readonly<Record<string, number>>;
  lastMark?: LastMark | null;
}): ResolvedPrice {
  const { ticker, date } = args;
  const found = (price: number, source: ResolvedPrice["source"], sourceDate: IsoDate): ResolvedPrice => ({
    ticker,
    price,
    source,
    source_date: sourceDate,
    price_stale: calendarDaysBetween(sourceDate, date) > STALE_AFTER_CALENDAR_DAYS,
  });
  const override = args.overrides?.[ticker];
  if (override !== undefined) return found(override, "override", date);
  const close = closeOnOrBefore(args.index, ticker, date);
  if (close) return found(close.close, "close", close.date);
  // A mark made after `date` cannot price an earlier date.
  if (args.lastMark && args.lastMark.date <= date) return found(args.lastMark.price, "last_mark", args.lastMark.date);
  return { ticker, price: null, source: "none", source_date: null, price_stale: true };
}

/** USD/BRL of the day: the override, else the latest USDBRL close on or before the date. */
export function fxRateOn(index: PriceIndex, date: IsoDate, override?: number | null): number | null {
  if (override && override > 0) return override;
  return closeOnOrBefore(index, FX_TICKER, date)?.close ?? null;
}

/** The CDI of a day (% a year): the latest CDI fixing on or before it, null without a series. */
export function cdiOn(index: PriceIndex, date: IsoDate): number | null {
  return closeOnOrBefore(index, CDI_TICKER, date)?.close ?? null;
}

/** The mark a snapshot chains from: the previous snapshot, else the execution (gross P&L 0). */
export type PreviousMark = Pick<PnlSnapshot, "cumulative_pnl_brl" | "price" | "date" | "unrealized_pnl_brl">;

/**
 * Gross P&L (before costs) of a position marked at `price` on `date`. A DI1 (PU) position adds
 * the day's settlement to the previous mark's gross P&L, so the PU's accretion at the CDI is
 * not profit (pricing.diSettlement); every other position is priced from its entry alone.
 */
export function grossPnlOn(
  p: PositionState,
  date: IsoDate,
  price: number,
  previous: PreviousMark | null,
  cdi: (date: IsoDate) => number | null,
): number {
  if (p.price_kind !== "PU") return pnlBrl(p, price);
  const base = previous ?? { price: p.entry_price, date: p.entry_date, unrealized_pnl_brl: 0 };
  return base.unrealized_pnl_brl + diSettlement(p, base.price, price, cdiAccrual(base.date, date, cdi));
}

/** Whether a position exists on a date: entered on or before it, and not closed before it. */
export function isAliveOn(p: Pick<PositionState, "entry_date" | "closed_at">, date: IsoDate): boolean {
  return p.entry_date <= date && (p.closed_at === null || date <= p.closed_at);
}

/**
 * The snapshot of one position on one date. On its close date (and after) a closed position
 * snapshots its realized P&L at the close price; otherwise the open position is marked at the
 * resolved price. null when the price source is "none".
 */
export function snapshotOf(
  p: PositionState,
  date: IsoDate,
  resolved: ResolvedPrice,
  previous: PreviousMark | null,
  fxRate: number | null,
  cdi: (date: IsoDate) => number | null = () => null,
): PnlSnapshot | null {
  const closedNow = !p.is_open && p.closed_at !== null && p.close_price !== null && date >= p.closed_at;
  let price: number;
  let unrealized: number;
  let realized: number;
  let cumulative: number;
  if (closedNow) {
    price = p.close_price as number;
    unrealized = 0;
    realized = closePosition(p, price, grossPnlOn(p, date, price, previous, cdi)).realized_pnl_brl;
    cumulative = realized;
  } else {
    if (resolved.price === null) return null;
    price = resolved.price;
    unrealized = grossPnlOn(p, date, price, previous, cdi);
    realized = 0;
    cumulative = unrealized - transactionCostBrl(p.instrument, p.notional_brl);
  }
  return {
    position_id: p.id,
    date,
    price,
    price_source: closedNow ? "execution" : resolved.source,
    price_stale: closedNow ? false : resolved.price_stale,
    unrealized_pnl_brl: unrealized,
    realized_pnl_brl: realized,
    cumulative_pnl_brl: cumulative,
    daily_pnl_brl: cumulative - (previous?.cumulative_pnl_brl ?? 0),
    fx_rate: fxRate,
  };
}

export interface MarkDayInput {
  positions: readonly PositionState[];
  date: IsoDate;
  index: PriceIndex;
  overrides?: Readonly<Record<string, number>>;
  fxOverride?: number | null;
  /** Latest snapshot strictly before `date`, per position id. */
  previous: ReadonlyMap<number, PnlSnapshot>;
  /** Last mark per position id; defaults to the previous snapshot, else the execution. */
  lastMarks?: ReadonlyMap<number, LastMark>;
}

export interface MarkDayResult {
  snapshots: PnlSnapshot[];
  /** Price resolution per position id alive on the date (including the unpriced ones). */
  resolved: Map<number, ResolvedPrice>;
  fx_rate: number | null;
}

/** Marks every position alive on `date` (the POST /mtm engine, and one step of a replay). */
export function markDay(input: MarkDayInput): MarkDayResult {
  const { date, index } = input;
  const fxRate = fxRateOn(index, date, input.fxOverride);
  const cdi = (d: IsoDate) => cdiOn(index, d);
  const snapshots: PnlSnapshot[] = [];
  const resolved = new Map<number, ResolvedPrice>();
  for (const p of input.positions) {
    if (!isAliveOn(p, date)) continue;
    const prev = input.previous.get(p.id) ?? null;
    const lastMark =
      input.lastMarks?.get(p.id) ??
      (prev ? { price: prev.price, date: prev.date } : { price: p.entry_price, date: p.entry_date });
    const r = resolvePrice({ ticker: p.instrument, date, index, overrides: input.overrides, lastMark });
    resolved.set(p.id, r);
    const snap = snapshotOf(p, date, r, prev, fxRate, cdi);
    if (snap) snapshots.push(snap);
  }
  return { snapshots, resolved, fx_rate: fxRate };
}

/**
 * Replays the MTM engine over [start, end]: every business day, plus any entry or close date
 * that falls on another day. Used by the seed to build the P&L history. `previous` carries the
 * latest snapshot before `start` per position (empty for a fresh history).
 */
export function runMtmRange(args: {
  positions: readonly PositionState[];
  index: PriceIndex;
  start: IsoDate;
  end: IsoDate;
  previous?: ReadonlyMap<number, PnlSnapshot>;
}): PnlSnapshot[] {
  const { start, end } = args;
  const dates = new Set(businessDaysBetween(start, end));
  for (const p of args.positions) {
    for (const d of [p.entry_date, p.closed_at]) if (d && d >= start && d <= end) dates.add(d);
  }
  const latest = new Map<number, PnlSnapshot>(args.previous ?? []);
  const out: PnlSnapshot[] = [];
  for (const date of [...dates].sort()) {
    const { snapshots } = markDay({ positions: args.positions, date, index: args.index, previous: latest });
    // isAliveOn stops a closed position after its close date, so it snapshots its realized
    // P&L exactly once.
    for (const s of snapshots) {
      latest.set(s.position_id, s);
      out.push(s);
    }
  }
  return out;
}
