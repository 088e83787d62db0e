// Attribution and performance views (GET /attribution*, GET /pnl/*): windows and breakdowns
// computed by origin/domain/attribution and origin/domain/equity-curve from stored snapshots.

import type { AttributionParams } from "../../src/contract/index.ts";
import { type Attribution, attributionFromAggregates } from "../domain/attribution.ts";
import { PERIODS, type Period, periodWindow } from "../domain/attribution-period.ts";
import { addCalendarDays } from "../domain/calendar.ts";
import { attributionEquityCurve, bestWorst, monthlyHeatmap, pnlEquityCurve } from "../domain/equity-curve.ts";
import type { IsoDate } from "../domain/types.ts";
import { asOfDate, type DataContext } from "../http/data.ts";

/** The contract spells periods in lower case; the domain uses its own canonical spelling. */
function domainPeriod(period: AttributionParams["period"]): Period {
  return PERIODS.find((p) => p.toLowerCase() === period)!;
}

export function attribution(d: DataContext, q: AttributionParams): Attribution {
  const asOf = asOfDate(d, ("as_of_date" in q && q.as_of_date) || undefined);
  const window = periodWindow(domainPeriod(q.period), asOf, {
    start_date: "start_date" in q ? q.start_date : undefined,
    end_date: "end_date" in q ? q.end_date : undefined,
    inception: d.repos.snapshots.firstDate(),
  });
  return attributionOver(d, window);
}

// Reads aggregates (each position's window P&L by two index seeks, the fund's daily P&L from
// its aggregate table), so a period costs what its positions and days cost, not the history.
function attributionOver(d: DataContext, window: Attribution["period"]): Attribution {
  const positions = d.repos.positions.aliveBetween(window.start, window.end);
  return attributionFromAggregates({
    window,
    capital_brl: d.config.capitalBrl,
    positions,
    position_pnl: d.repos.snapshots.pnlBetween(
      window.start,
      window.end,
      positions.map((p) => p.id),
    ),
    daily: d.repos.snapshots.dailyPnl(window.end),
    instruments: new Map(d.repos.market.instruments().map((i) => [i.ticker, i])),
  });
}

/** GET /pnl/attribution: lifetime breakdowns. */
export function lifetimeAttribution(d: DataContext) {
  const a = attribution(d, { period: "inception" });
  return { by_strategy: a.by_strategy, by_asset_class: a.by_asset_class, by_instrument: a.by_instrument };
}

export function attributionCurve(d: DataContext, start: IsoDate | undefined, end: IsoDate | undefined) {
  return attributionEquityCurve({
    capital_brl: d.config.capitalBrl,
    daily: d.repos.snapshots.dailyPnl(),
    start: start ?? addCalendarDays(d.today, -30),
    end: end ?? d.today,
  });
}

export function pnlCurve(d: DataContext, start: IsoDate | undefined, end: IsoDate | undefined) {
  return pnlEquityCurve(d.repos.snapshots.dailyPnl(end), start, end);
}

export function heatmap(d: DataContext) {
  return monthlyHeatmap(d.config.capitalBrl, d.repos.snapshots.dailyPnl(d.today));
}

/** Positions ranked by lifetime P&L (their latest cumulative snapshot, net of costs). */
export function bestWorstPositions(d: DataContext, n: number) {
  const latest = d.repos.snapshots.latestOnOrBefore(d.today);
  const items = d.repos.positions.list().flatMap((p) => {
    const s = latest.get(p.id);
    if (!s) return [];
    return [
      {
        id: p.id,
        instrument: p.instrument,
        asset_class: p.asset_class,
        direction: p.direction,
        is_open: p.is_open,
        entry_date: p.entry_date,
        closed_at: p.closed_at,
        pnl_brl: s.cumulative_pnl_brl,
      },
    ];
  });
  return bestWorst(items, n);
}
