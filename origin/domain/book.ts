// Position figures and the Book payload (docs/contract.md §Portfolio: Book, BookSummary, Position).
//
// A position's figures are read as of a date: from its latest snapshot on or before that date
// when there is one, else from its stored mark. The Book lists the positions open at the end
// of as_of_date (entered on or before it, not closed on or before it) and those closed on it.
import { dayNumber, monthStart, yearStart } from "./calendar.ts";
import { STALE_AFTER_CALENDAR_DAYS } from "./mtm.ts";
import { exposure, navOn, perNav, sumPnl, sumPnlUsd } from "./nav.ts";
import { entryDelta, entryDv01, pnlBrl, quantity, toUsd } from "./pricing.ts";
import {
  ASSET_CLASSES,
  type AssetClass,
  type DailyPnl,
  type Direction,
  type Instrument,
  type IsoDate,
  type PnlSnapshot,
  type PositionState,
} from "./types.ts";

export interface PositionFigures {
  quantity: number;
  notional_usd: number | null;
  current_price: number | null;
  unrealized_pnl_brl: number;
  unrealized_pnl_usd: number | null;
  realized_pnl_brl: number;
  realized_pnl_usd: number | null;
  entry_dv01: number | null;
  entry_delta: number;
  price_stale: boolean;
  /** Open at the end of the as-of date. */
  is_open: boolean;
}

export function isOpenOn(p: Pick<PositionState, "entry_date" | "closed_at">, date: IsoDate): boolean {
  return p.entry_date <= date && (p.closed_at === null || p.closed_at > date);
}

/**
 * Figures of a position as of `asOf`. `snapshot` is its latest snapshot dated ≤ asOf (or null);
 * `fxRate` the USD/BRL of asOf (notional_usd uses entry_fx_rate when known: it is a fixed
 * amount agreed at entry).
 */
export function positionFigures(
  p: PositionState,
  asOf: IsoDate,
  snapshot: PnlSnapshot | null,
  fxRate: number | null,
  instrument?: Pick<Instrument, "maturity_date">,
): PositionFigures {
  const open = isOpenOn(p, asOf);
  let currentPrice = p.current_price;
  let unrealized = 0;
  let stale = false;
  if (open && snapshot) {
    currentPrice = snapshot.price;
    unrealized = snapshot.unrealized_pnl_brl;
    stale = snapshot.price_stale;
  } else if (open) {
    unrealized = p.current_price === null ? 0 : pnlBrl(p, p.current_price);
    const markDate = p.last_mark_date ?? null;
    stale =
      p.current_price === null ||
      markDate === null ||
      dayNumber(asOf) - dayNumber(markDate) > STALE_AFTER_CALENDAR_DAYS;
  } else if (p.closed_at !== null && p.closed_at <= asOf) {
    currentPrice = p.close_price;
  }
  const realized = !open && p.closed_at !== null && p.closed_at <= asOf ? p.realized_pnl_brl : 0;
  return {
    quantity: quantity(p),
    notional_usd: toUsd(p.notional_brl, p.entry_fx_rate ?? fxRate),
    current_price: currentPrice,
    unrealized_pnl_brl: unrealized,
    unrealized_pnl_usd: toUsd(unrealized, fxRate),
    realized_pnl_brl: realized,
    realized_pnl_usd: toUsd(realized, fxRate),
    entry_dv01: entryDv01(p, instrument),
    entry_delta: entryDelta(p),
    price_stale: stale,
    is_open: open,
  };
}

/** What the Book needs of a position payload; the payload itself passes through unchanged. */
export interface BookPosition {
  asset_class: AssetClass;
  direction: Direction;
  notional_brl: number;
  entry_date: IsoDate;
  closed_at: IsoDate | null;
  unrealized_pnl_brl: number;
  realized_pnl_brl: number;
}

export interface BookSummary {
  aum: number;
  total_notional_brl: number;
  net_notional_brl: number;
  leverage: number;
  net_leverage: number;
  open_positions: number;
  pnl_today_brl: number;
  pnl_mtd_brl: number;
  pnl_ytd_brl: number;
  pnl_today_usd: number | null;
  pnl_mtd_usd: number | null;
  pnl_ytd_usd: number | null;
  total_unrealized_pnl_brl: number;
  total_realized_pnl_brl: number;
  as_of_date: IsoDate;
}

export interface AssetClassBucket {
  count: number;
  notional_brl: number;
  net_notional_brl: number;
  unrealized_pnl_brl: number;
}

export interface Book<P> {
  summary: BookSummary;
  positions: P[];
  by_asset_class: Record<AssetClass, AssetClassBucket>;
  closed_today: P[];
}

export interface BookInput<P extends BookPosition> {
  as_of_date: IsoDate;
  capital_brl: number;
  /** USD/BRL of as_of_date (fallback for days whose snapshots carry no rate). */
  fx_rate: number | null;
  /** Every position (any state), already carrying its figures as of as_of_date. */
  positions: readonly P[];
  /** Fund daily P&L (dates after as_of_date are ignored). */
  daily: readonly DailyPnl[];
}

export function emptyByAssetClass(): Record<AssetClass, AssetClassBucket> {
  const out = {} as Record<AssetClass, AssetClassBucket>;
  for (const c of ASSET_CLASSES) out[c] = { count: 0, notional_brl: 0, net_notional_brl: 0, unrealized_pnl_brl: 0 };
  return out;
}

export function byAssetClass(open: readonly BookPosition[]): Record<AssetClass, AssetClassBucket> {
  const out = emptyByAssetClass();
  for (const p of open) {
    const bucket = out[p.asset_class];
    const e = exposure([p]);
    bucket.count += 1;
    bucket.notional_brl += e.gross_brl;
    bucket.net_notional_brl += e.net_brl;
    bucket.unrealized_pnl_brl += p.unrealized_pnl_brl;
  }
  return out;
}

export function assembleBook<P extends BookPosition>(input: BookInput<P>): Book<P> {
  const asOf = input.as_of_date;
  const open = input.positions.filter((p) => isOpenOn(p, asOf));
  const closedToday = input.positions.filter((p) => p.closed_at === asOf);
  const closedByNow = input.positions.filter((p) => p.closed_at !== null && p.closed_at <= asOf);
  const nav = navOn(input.capital_brl, input.daily, asOf);
  const e = exposure(open);
  const windows = { today: asOf, mtd: monthStart(asOf), ytd: yearStart(asOf) };
  const brl = (start: IsoDate) => sumPnl(input.daily, start, asOf);
  const usd = (start: IsoDate) => sumPnlUsd(input.daily, start, asOf, input.fx_rate);
  return {
    summary: {
      aum: nav,
      total_notional_brl: e.gross_brl,
      net_notional_brl: e.net_brl,
      leverage: perNav(e.gross_brl, nav),
      net_leverage: perNav(e.net_brl, nav),
      open_positions: open.length,
      pnl_today_brl: brl(windows.today),
      pnl_mtd_brl: brl(windows.mtd),
      pnl_ytd_brl: brl(windows.ytd),
      pnl_today_usd: usd(windows.today),
      pnl_mtd_usd: usd(windows.mtd),
      pnl_ytd_usd: usd(windows.ytd),
      total_unrealized_pnl_brl: open.reduce((a, p) => a + p.unrealized_pnl_brl, 0),
      total_realized_pnl_brl: closedByNow.reduce((a, p) => a + p.realized_pnl_brl, 0),
      as_of_date: asOf,
    },
    positions: open,
    by_asset_class: byAssetClass(open),
    closed_today: closedToday,
  };
}
