// The Book (GET /book, GET /pnl/summary): positions as of a date and the fund summary,
// assembled by origin/domain/book from the stored positions and the daily P&L.

import type { Repos } from "../db/repos.ts";
import { assembleBook, type Book } from "../domain/book.ts";
import type { IsoDate } from "../domain/types.ts";
import { type PositionPayload, PositionView } from "./position-view.ts";

export function bookAsOf(repos: Repos, capitalBrl: number, asOf: IsoDate): Book<PositionPayload> {
  const view = new PositionView(repos, asOf);
  const positions = repos.positions
    .list()
    .filter((p) => p.entry_date <= asOf)
    .map((p) => view.payload(p));
  return assembleBook({
    as_of_date: asOf,
    capital_brl: capitalBrl,
    fx_rate: view.fxRate,
    positions,
    daily: repos.snapshots.dailyPnl(asOf),
  });
}
