// Live risk of the book as of a date (GET /risk/live, limits, alerts), computed by
// origin/domain/live-risk from the stored positions, daily P&L and closes; and the daily
// risk-trend point that MTM and the pipeline record.

import { isOpenOn } from "../domain/book.ts";
import { computeLiveRisk, type LiveRisk, riskTrendPoint } from "../domain/live-risk.ts";
import type { IsoDate } from "../domain/types.ts";
import type { DataContext } from "../http/data.ts";
import { priceIndexUpTo } from "./marking.ts";

export function liveRisk(d: DataContext, asOf: IsoDate): LiveRisk {
  const marks = d.repos.snapshots.latestOnOrBefore(asOf);
  // Each open position carries its mark as of the date (its latest snapshot), like the Book.
  const positions = d.repos.positions
    .list()
    .filter((p) => isOpenOn(p, asOf))
    .map((p) => ({ ...p, current_price: marks.get(p.id)?.price ?? p.current_price }));
  return computeLiveRisk({
    as_of_date: asOf,
    capital_brl: d.config.capitalBrl,
    positions,
    daily: d.repos.snapshots.dailyPnl(asOf),
    index: priceIndexUpTo(d.repos, asOf),
    config: d.config.limits,
    instruments: new Map(d.repos.market.instruments().map((i) => [i.ticker, i])),
  });
}

/** Records (or replaces) the risk-trend point of a date from the live risk as of that date. */
export function recordRiskPoint(d: DataContext, date: IsoDate): LiveRisk {
  const live = liveRisk(d, date);
  d.repos.state.recordRiskPoint(riskTrendPoint(live));
  return live;
}
