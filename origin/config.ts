// The origin's configuration: fund capital and risk limits (contract defaults, each
// overridable by an environment variable), plus the service token.
import { ASSET_CLASSES, type AssetClass, type LimitsConfig } from "./domain/types.ts";

export interface OriginConfig {
  capitalBrl: number;
  limits: LimitsConfig;
}

export const DEFAULT_CAPITAL_BRL = 100_000_000;

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

type Env = Record<string, string | undefined>;

function envNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** Limits from env: PMS_LIMIT_VAR95_PCT, …, PMS_LIMIT_CONCENTRATION_RATES_PCT, … */
export function limitsFromEnv(env: Env): LimitsConfig {
  const d = DEFAULT_LIMITS;
  const concentration = {} as Record<AssetClass, number>;
  for (const cls of ASSET_CLASSES) {
    concentration[cls] = envNumber(env, `PMS_LIMIT_CONCENTRATION_${cls}_PCT`, d.concentration_pct_gross[cls]);
  }
  return {
    var95_pct_nav: envNumber(env, "PMS_LIMIT_VAR95_PCT", d.var95_pct_nav),
    var99_pct_nav: envNumber(env, "PMS_LIMIT_VAR99_PCT", d.var99_pct_nav),
    gross_leverage: envNumber(env, "PMS_LIMIT_GROSS_LEVERAGE", d.gross_leverage),
    net_leverage: envNumber(env, "PMS_LIMIT_NET_LEVERAGE", d.net_leverage),
    drawdown_warning_pct: envNumber(env, "PMS_LIMIT_DRAWDOWN_WARNING_PCT", d.drawdown_warning_pct),
    drawdown_limit_pct: envNumber(env, "PMS_LIMIT_DRAWDOWN_PCT", d.drawdown_limit_pct),
    concentration_pct_gross: concentration,
    warning_utilization_pct: envNumber(env, "PMS_LIMIT_WARNING_UTILIZATION_PCT", d.warning_utilization_pct),
  };
}

export function configFromEnv(env: Env, capitalBrl?: number): OriginConfig {
  return {
    capitalBrl: capitalBrl ?? envNumber(env, "PMS_CAPITAL_BRL", DEFAULT_CAPITAL_BRL),
    limits: limitsFromEnv(env),
  };
}
