// The origin's configuration: fund capital and risk limits. Defaults are the contract's
// (origin/domain/limits.DEFAULT_LIMITS, nav.DEFAULT_CAPITAL_BRL); each can be overridden by an
// environment variable.
import { DEFAULT_LIMITS, type LimitsOverride, resolveLimits } from "./domain/limits.ts";
import { DEFAULT_CAPITAL_BRL } from "./domain/nav.ts";
import { ASSET_CLASSES, type AssetClass, type LimitsConfig } from "./domain/types.ts";

export interface OriginConfig {
  capitalBrl: number;
  limits: LimitsConfig;
  /** Pre-trade: the largest notional one open or approval may add, as a multiple of NAV. */
  maxPositionNavMultiple: number;
}

/** A single trade may add at most 1× NAV of notional unless PMS_MAX_POSITION_NAV_MULTIPLE says otherwise. */
export const DEFAULT_MAX_POSITION_NAV_MULTIPLE = 1;

type Env = Record<string, string | undefined>;

function envNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** Environment variable → limit field. Concentration: PMS_LIMIT_CONCENTRATION_<CLASS>_PCT. */
export const LIMIT_ENV_VARS = {
  PMS_LIMIT_VAR95_PCT: "var95_pct_nav",
  PMS_LIMIT_VAR99_PCT: "var99_pct_nav",
  PMS_LIMIT_GROSS_LEVERAGE: "gross_leverage",
  PMS_LIMIT_NET_LEVERAGE: "net_leverage",
  PMS_LIMIT_DRAWDOWN_WARNING_PCT: "drawdown_warning_pct",
  PMS_LIMIT_DRAWDOWN_PCT: "drawdown_limit_pct",
  PMS_LIMIT_WARNING_UTILIZATION_PCT: "warning_utilization_pct",
} as const satisfies Record<string, keyof LimitsConfig>;

export function limitsFromEnv(env: Env): LimitsConfig {
  const override: LimitsOverride = {};
  for (const [name, field] of Object.entries(LIMIT_ENV_VARS)) override[field] = envNumber(env, name);
  const concentration: Partial<Record<AssetClass, number>> = {};
  for (const cls of ASSET_CLASSES) concentration[cls] = envNumber(env, `PMS_LIMIT_CONCENTRATION_${cls}_PCT`);
  return resolveLimits({ ...override, concentration_pct_gross: concentration });
}

export function configFromEnv(env: Env, capitalBrl?: number): OriginConfig {
  return {
    capitalBrl: capitalBrl ?? envNumber(env, "PMS_CAPITAL_BRL") ?? DEFAULT_CAPITAL_BRL,
    limits: limitsFromEnv(env),
    maxPositionNavMultiple: envNumber(env, "PMS_MAX_POSITION_NAV_MULTIPLE") ?? DEFAULT_MAX_POSITION_NAV_MULTIPLE,
  };
}

/** The contract's defaults (tests and in-process callers). */
export const DEFAULT_CONFIG: OriginConfig = {
  capitalBrl: DEFAULT_CAPITAL_BRL,
  limits: DEFAULT_LIMITS,
  maxPositionNavMultiple: DEFAULT_MAX_POSITION_NAV_MULTIPLE,
};
