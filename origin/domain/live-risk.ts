// The LiveRisk payload (docs/contract.md route 25) and the risk-trend point (route 26).
//
// computeLiveRisk runs every risk computation from plain inputs; assembleLiveRisk only shapes
// already-computed parts, for callers that compute them separately.
import { type Concentration, type ConcentrationPosition, concentration } from "./concentration.ts";
import { type DrawdownResult, drawdown } from "./drawdown.ts";
import { type Alert, DEFAULT_LIMITS, evaluateLimits, type LimitsSummary } from "./limits.ts";
import { type Exposure, exposure, navOn, navSeries, perNav } from "./nav.ts";
import { runStressTests, type Scenario, type StressPosition, type StressResult } from "./stress.ts";
import type { AlertStatus, AssetClass, DailyPnl, Instrument, IsoDate, LimitsConfig, PriceIndex } from "./types.ts";
import { computeVar, type RiskPosition, type VarFigures, type VarResult } from "./var.ts";

export interface LiveRisk {
  as_of_date: IsoDate;
  /** Headline figures are the historical ones (the ones limits use). */
  var: VarFigures & Omit<VarResult, "as_of_date"> & { method: "historical" };
  leverage: { gross: number; net: number; gross_notional_brl: number; net_notional_brl: number; nav_brl: number };
  drawdown: DrawdownResult;
  concentration: Concentration;
  stress_tests: StressResult[];
  limits_summary: LimitsSummary;
  alerts: Alert[];
}

export function assembleLiveRisk(input: {
  as_of_date: IsoDate;
  nav_brl: number;
  var: VarResult;
  exposure: Exposure;
  drawdown: DrawdownResult;
  concentration: Concentration;
  stress_tests: StressResult[];
  config?: LimitsConfig;
}): LiveRisk {
  const { var: v, exposure: e, concentration: conc } = input;
  const gross = perNav(e.gross_brl, input.nav_brl);
  const net = perNav(e.net_brl, input.nav_brl);
  const shares = Object.fromEntries(Object.entries(conc.by_asset_class).map(([c, x]) => [c, x.share_pct])) as Record<
    AssetClass,
    number
  >;
  const { limits_summary, alerts } = evaluateLimits(
    {
      var95_pct: v.historical.var_95_pct,
      var99_pct: v.historical.var_99_pct,
      gross_leverage: gross,
      net_leverage: net,
      drawdown_pct: input.drawdown.current_drawdown_pct,
      concentration_share_pct: shares,
    },
    input.config ?? DEFAULT_LIMITS,
  );
  return {
    as_of_date: input.as_of_date,
    var: {
      ...v.historical,
      method: "historical",
      observations: v.observations,
      historical: v.historical,
      parametric: v.parametric,
      worst_day: v.worst_day,
    },
    leverage: { gross, net, gross_notional_brl: e.gross_brl, net_notional_brl: e.net_brl, nav_brl: input.nav_brl },
    drawdown: input.drawdown,
    concentration: conc,
    stress_tests: input.stress_tests,
    limits_summary,
    alerts,
  };
}

export type LiveRiskPosition = RiskPosition & StressPosition & ConcentrationPosition;

/** Everything from plain inputs: open positions as of the date, fund daily P&L, prices. */
export function computeLiveRisk(args: {
  as_of_date: IsoDate;
  capital_brl: number;
  /** Positions open at the end of as_of_date, marked (current_price) as of that date. */
  positions: readonly LiveRiskPosition[];
  daily: readonly DailyPnl[];
  index: PriceIndex;
  config?: LimitsConfig;
  scenarios?: readonly Scenario[];
  instruments?: ReadonlyMap<string, Pick<Instrument, "maturity_date">>;
}): LiveRisk {
  const asOf = args.as_of_date;
  const config = args.config ?? DEFAULT_LIMITS;
  const navBrl = navOn(args.capital_brl, args.daily, asOf);
  const history = navSeries(
    args.capital_brl,
    args.daily.filter((d) => d.date <= asOf),
  );
  return assembleLiveRisk({
    as_of_date: asOf,
    nav_brl: navBrl,
    var: computeVar({ positions: args.positions, index: args.index, asOf, navBrl }),
    exposure: exposure(args.positions),
    drawdown: drawdown(history, args.capital_brl),
    concentration: concentration(args.positions, config.concentration_pct_gross),
    stress_tests: runStressTests({
      positions: args.positions,
      navBrl,
      asOf,
      scenarios: args.scenarios,
      instruments: args.instruments,
    }),
    config,
  });
}

export interface RiskTrendPoint {
  date: IsoDate;
  /** Historical VaR in % of NAV. */
  var_95: number;
  var_99: number;
  leverage_gross: number;
  drawdown_pct: number;
  alert_count: number;
  overall_status: AlertStatus;
}

export function riskTrendPoint(live: LiveRisk): RiskTrendPoint {
  return {
    date: live.as_of_date,
    var_95: live.var.var_95_pct,
    var_99: live.var.var_99_pct,
    leverage_gross: live.leverage.gross,
    drawdown_pct: live.drawdown.current_drawdown_pct,
    alert_count: live.alerts.length,
    overall_status: live.limits_summary.overall_status,
  };
}
