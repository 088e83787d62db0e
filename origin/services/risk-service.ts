// Live risk of the book as of a date (GET /risk/live, limits, alerts), computed by
// origin/domain/live-risk from the stored positions, daily P&L and closes; and the daily
// risk-trend point that MTM and the pipeline record.

import type { StressTest } from "../../src/contract/index.ts";
import { isOpenOn } from "../domain/book.ts";
import { lastBusinessDays } from "../domain/calendar.ts";
import { type CustomStressResult, factorOf, runCustomStress } from "../domain/custom-stress.ts";
import { computeLiveRisk, type LiveRisk, riskTrendPoint } from "../domain/live-risk.ts";
import { indexPrices } from "../domain/mtm.ts";
import { navOn } from "../domain/nav.ts";
import type { IsoDate } from "../domain/types.ts";
import { VAR_LOOKBACK_DAYS } from "../domain/var.ts";
import type { DataContext } from "../http/data.ts";
import { OriginError } from "../http/errors.ts";

/** The positions open at the end of a date, each marked as of it (its latest snapshot), like the Book. */
function markedOpenPositions(d: DataContext, asOf: IsoDate) {
  const open = d.repos.positions.aliveBetween(asOf, asOf).filter((p) => isOpenOn(p, asOf));
  const marks = d.repos.snapshots.latestOnOrBefore(
    asOf,
    open.map((p) => p.id),
  );
  return open.map((p) => ({ ...p, current_price: marks.get(p.id)?.price ?? p.current_price }));
}

export function liveRisk(d: DataContext, asOf: IsoDate): LiveRisk {
  const positions = markedOpenPositions(d, asOf);
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

/**
 * POST /risk/stress-test: the caller's shocks on today's open book (domain/custom-stress). A
 * shock naming an instrument or a factor the fund does not know is refused (422), so a typo
 * is not answered with a reassuring 0.
 */
export function customStress(d: DataContext, body: StressTest): CustomStressResult {
  const instruments = new Map(d.repos.market.instruments().map((i) => [i.ticker, i]));
  const positions = markedOpenPositions(d, d.today);
  const tickers = new Set([...instruments.keys(), ...positions.map((p) => p.instrument.toUpperCase())]);
  const factors = new Set([
    ...[...instruments.values()].map((i) => factorOf({ instrument: i.ticker, asset_class: i.asset_class }, i)),
    ...positions.map((p) => factorOf(p, instruments.get(p.instrument))),
  ]);
  const errors = body.shocks.flatMap((s, i) => [
    ...(s.instrument !== undefined && !tickers.has(s.instrument)
      ? [{ path: `shocks.${i}.instrument`, message: `${s.instrument} is not an instrument of the fund` }]
      : []),
    ...(s.factor !== undefined && !factors.has(s.factor)
      ? [{ path: `shocks.${i}.factor`, message: `must be one of ${[...factors].sort().join(", ")}` }]
      : []),
  ]);
  if (errors.length > 0) throw new OriginError("validation-failed", "shocks name what the fund does not hold", errors);
  return runCustomStress({
    name: body.name,
    shocks: body.shocks,
    positions,
    navBrl: navOn(d.config.capitalBrl, d.repos.snapshots.dailyPnl(d.today), d.today),
    asOf: d.today,
    instruments,
  });
}
