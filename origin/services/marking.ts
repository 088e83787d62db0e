// Marking positions to market and persisting the result: the POST /mtm engine, update-price,
// the mark written when a position opens, and the seed's replay all end here, so every P&L
// figure in the database comes from origin/domain/mtm.

import type { PositionRecord } from "../db/positions-repo.ts";
import type { Repos } from "../db/repos.ts";
import { indexPrices, markDay } from "../domain/mtm.ts";
import type { IsoDate, PnlSnapshot, PriceIndex } from "../domain/types.ts";

export interface MarkOptions {
  overrides?: Readonly<Record<string, number>>;
  fxOverride?: number | null;
  /** Only these positions (default: every position alive on the date). */
  positions?: readonly PositionRecord[];
  /** ISO timestamp of the write. */
  at: string;
}

export function priceIndexUpTo(repos: Repos, date: IsoDate): PriceIndex {
  return indexPrices(repos.market.closes(date));
}

/** Writes the open positions' latest mark (price, staleness, gross unrealized P&L). */
export function applyMarks(
  repos: Repos,
  positions: readonly PositionRecord[],
  snapshots: readonly PnlSnapshot[],
  at: string,
): PositionRecord[] {
  const byId = new Map(snapshots.map((s) => [s.position_id, s]));
  const updated: PositionRecord[] = [];
  for (const p of positions) {
    const s = byId.get(p.id);
    if (!p.is_open || !s) continue;
    const next: PositionRecord = {
      ...p,
      current_price: s.price,
      last_mark_date: s.date,
      price_stale: s.price_stale,
      unrealized_pnl_brl: s.unrealized_pnl_brl,
      updated_at: at,
    };
    repos.positions.save(next);
    updated.push(next);
  }
  return updated;
}

/** Marks the positions alive on `date`, stores one snapshot each (replacing the date's), updates the open ones. */
export function markPositions(
  repos: Repos,
  date: IsoDate,
  opts: MarkOptions,
): { snapshots: PnlSnapshot[]; updated: PositionRecord[] } {
  const positions = opts.positions ?? repos.positions.aliveBetween(date, date);
  // One FX rate per day: marking some positions (an open, a close, a price update) reuses the
  // rate the day's MTM used, so every USD figure of the day is at one rate.
  const fxOverride = opts.fxOverride ?? (opts.positions ? repos.snapshots.dayFxRate(date) : null);
  const { snapshots } = markDay({
    positions,
    date,
    index: priceIndexUpTo(repos, date),
    overrides: opts.overrides,
    fxOverride,
    previous: repos.snapshots.latestBefore(
      date,
      positions.map((p) => p.id),
    ),
  });
  repos.snapshots.upsert(snapshots);
  return { snapshots, updated: applyMarks(repos, positions, snapshots, opts.at) };
}
