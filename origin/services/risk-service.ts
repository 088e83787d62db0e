// Live risk of the book as of a date (GET /risk/live, limits, alerts), computed by
// origin/domain/live-risk from the stored positions, daily P&L and closes; and the daily
// risk-trend point that MTM and the pipeline record.

import { isOpenOn } from "../domain/book.ts";
import { lastBusinessDays } from "../domain/calendar.ts";
import { computeLiveRisk, type LiveRisk, riskTrendPoint } from "../domain/live-risk.ts";
import { indexPrices } from "../domain/mtm.ts";
import type { IsoDate } from "../domain/types.ts";
import { VAR_LOOKBACK_DAYS } from "../domain/var.ts";
import type { DataContext } from "../http/data.ts";

export function liveRisk(d: DataContext, asOf: IsoDate): LiveRisk {
  const open = d.repos.positions.aliveBetween(asOf, asOf).filter((p) => isOpenOn(p, asOf));
  const marks = d.repos.snapshots.latestOnOrBefore(
    asOf,
    open.map((p) => p.id),
  );
  // Each open position carries its mark as of the date (its latest snapshot), like the Book.
  const positions = open.map((p) => ({ ...p, current_price: marks.get(p.id)?.price ?? p.current_price }));
  return computeLiveRisk({
    as_of_date: asOf,
    capital_brl: d.config.capitalBrl,
    positions,
    daily: d.repos.snapshots.dailyPnl(asOf),
    // VaR reads only its lookback window of closes (and what each series carries into it).
    index: indexPrices(d.repos.market.closesBetween(lastBusinessDays(asOf, VAR_LOOKBACK_DAYS + 1)[0]!, asOf)),
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
