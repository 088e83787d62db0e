// Risk limits: defaults, overrides, evaluation and alerts.
//
// Each limit has a value and a limit in the same unit (VaR and drawdown in % of NAV, leverage
// as a multiple of NAV, concentration in % of gross). utilization = value / limit × 100.
// Status: BREACHED when value > limit; WARNING when value ≥ the warning threshold (80 % of the
// limit by default; for drawdown the configured warning level); else OK. Net leverage is
// judged on its absolute value (a net short book is as leveraged as a net long one).
// Exactly one alert per limit in WARNING or BREACHED; overall_status is the worst status.
// With NAV ≤ 0 the NAV-relative figures are infinite (nav.perNav): those limits are BREACHED.
import { type AlertStatus, ASSET_CLASSES, type AssetClass, type LimitsConfig } from "./types.ts";

export const DEFAULT_LIMITS: LimitsConfig = {
  var95_pct_nav: 2.0,
  var99_pct_nav: 3.0,
  gross_leverage: 4.0,
  net_leverage: 2.0,
  drawdown_warning_pct: 5,
  drawdown_limit_pct: 10,
  concentration_pct_gross: { RATES: 60, FX: 40, INFLATION: 30, SOVEREIGN: 20, CREDIT: 20, EQUITY: 30 },
  warning_utilization_pct: 80,
};

export type LimitsOverride = Partial<Omit<LimitsConfig, "concentration_pct_gross">> & {
  concentration_pct_gross?: Partial<Record<AssetClass, number>>;
};

export function resolveLimits(override: LimitsOverride = {}): LimitsConfig {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...DEFAULT_LIMITS,
    ...defined(override),
    concentration_pct_gross: {
      ...DEFAULT_LIMITS.concentration_pct_gross,
      ...defined(override.concentration_pct_gross ?? {}),
    },
  };
}

export interface LimitCheck {
  name: string;
  unit: "pct_nav" | "x_nav" | "pct_gross";
  value: number;
  limit: number;
  warning_at: number;
  utilization_pct: number;
  status: AlertStatus;
}

export interface Alert {
  limit: string;
  severity: "WARNING" | "BREACHED";
  value: number;
  limit_value: number;
  utilization_pct: number;
  message: string;
}

export interface LimitsSummary {
  overall_status: AlertStatus;
  limits: LimitCheck[];
  warning_count: number;
  breached_count: number;
}

/** What the limits are checked against; all figures as of one date. */
export interface RiskFigures {
  var95_pct: number;
  var99_pct: number;
  gross_leverage: number;
  net_leverage: number;
  drawdown_pct: number;
  concentration_share_pct: Record<AssetClass, number>;
}

function check(name: string, unit: LimitCheck["unit"], value: number, limit: number, warningAt: number): LimitCheck {
  const status: AlertStatus = value > limit ? "BREACHED" : value >= warningAt ? "WARNING" : "OK";
  return {
    name,
    unit,
    value,
    limit,
    warning_at: warningAt,
    utilization_pct: limit > 0 ? (value / limit) * 100 : 0,
    status,
  };
}

const SEVERITY: Record<AlertStatus, number> = { OK: 0, WARNING: 1, BREACHED: 2 };

export function worstStatus(statuses: Iterable<AlertStatus>): AlertStatus {
  let worst: AlertStatus = "OK";
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

export function evaluateLimits(
  figures: RiskFigures,
  config: LimitsConfig = DEFAULT_LIMITS,
): { limits_summary: LimitsSummary; alerts: Alert[] } {
  const warn = (limit: number) => (limit * config.warning_utilization_pct) / 100;
  const limits: LimitCheck[] = [
    check("var_95", "pct_nav", figures.var95_pct, config.var95_pct_nav, warn(config.var95_pct_nav)),
    check("var_99", "pct_nav", figures.var99_pct, config.var99_pct_nav, warn(config.var99_pct_nav)),
    check("gross_leverage", "x_nav", figures.gross_leverage, config.gross_leverage, warn(config.gross_leverage)),
    check("net_leverage", "x_nav", Math.abs(figures.net_leverage), config.net_leverage, warn(config.net_leverage)),
    check("drawdown", "pct_nav", figures.drawdown_pct, config.drawdown_limit_pct, config.drawdown_warning_pct),
    ...ASSET_CLASSES.map((c) => {
      const limit = config.concentration_pct_gross[c];
      return check(`concentration_${c}`, "pct_gross", figures.concentration_share_pct[c], limit, warn(limit));
    }),
  ];
  const alerts: Alert[] = [];
  const seen = new Set<string>();
  for (const l of limits) {
    if (l.status === "OK" || seen.has(l.name)) continue;
    seen.add(l.name);
    alerts.push({
      limit: l.name,
      severity: l.status,
      value: l.value,
      limit_value: l.limit,
      utilization_pct: l.utilization_pct,
      message: `${l.name} ${l.status === "BREACHED" ? "breached" : "warning"}: ${formatValue(l)} against a limit of ${formatValue({ ...l, value: l.limit })} (${l.utilization_pct.toFixed(0)}% used)`,
    });
  }
  return {
    limits_summary: {
      overall_status: worstStatus(limits.map((l) => l.status)),
      limits,
      warning_count: limits.filter((l) => l.status === "WARNING").length,
      breached_count: limits.filter((l) => l.status === "BREACHED").length,
    },
    alerts,
  };
}

function formatValue(l: Pick<LimitCheck, "unit" | "value">): string {
  if (!Number.isFinite(l.value)) return "unbounded (NAV is not positive)";
  if (l.unit === "x_nav") return `${l.value.toFixed(2)}x`;
  return `${l.value.toFixed(2)}%${l.unit === "pct_gross" ? " of gross" : " of NAV"}`;
}
