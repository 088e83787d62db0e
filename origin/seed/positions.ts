// The demo fund's trades: which positions were opened (and closed) over the seeded history.
// The demo book is a fixed, readable list; the "large" fund draws several hundred positions
// from the seeded PRNG for load tests.
import type { Prng } from "../domain/prng.ts";
import type { AssetClass, Direction, Instrument } from "../domain/types.ts";

export interface TradePlan {
  ticker: string;
  direction: Direction;
  notional_brl: number;
  /** Index into the history's business days. */
  open_day: number;
  /** Index of the close day; absent while the position is still open. */
  close_day?: number;
  strategy_ids: string[];
  strategy_weights?: Record<string, number>;
  thesis: string;
}

const M = 1_000_000;

/** Day indices are for a 504-day history; the last index is 503 (the last business day). */
export function demoTrades(instruments: readonly Instrument[]): TradePlan[] {
  const di = instruments.filter((i) => i.price_kind === "PU").map((i) => i.ticker);
  const [diShort, diLong] = [di[0]!, di[1]!];
  const t = (
    ticker: string,
    direction: Direction,
    notionalM: number,
    open_day: number,
    strategy_ids: string[],
    thesis: string,
    extra: Partial<TradePlan> = {},
  ): TradePlan => ({ ticker, direction, notional_brl: notionalM * M, open_day, strategy_ids, thesis, ...extra });
  return [
    t("IBOV_FUT", "SHORT", 10, 20, ["EQUITY_MACRO"], "Equity drawdown risk into the fiscal debate", { close_day: 90 }),
    t(diShort, "LONG", 60, 40, ["RATES_CARRY"], "Front-end receiver: Copom easing cycle under-priced"),
    t(diLong, "LONG", 30, 50, ["RATES_CURVE"], "Belly rally as inflation expectations anchor", { close_day: 180 }),
    t("CDS_BR_5Y", "LONG", 8, 60, ["CREDIT_RV"], "Buy protection ahead of the rating review", { close_day: 150 }),
    t("USDBRL", "SHORT", 15, 100, ["FX_MOMENTUM"], "BRL carry trade with positive momentum", { close_day: 260 }),
    t("NTN_B_2030", "LONG", 20, 120, ["INFLATION_BREAKEVEN", "RATES_CARRY"], "Real yields above 6% are a buy", {
      strategy_weights: { INFLATION_BREAKEVEN: 0.7, RATES_CARRY: 0.3 },
    }),
    t(diLong, "SHORT", 35, 200, ["RATES_CURVE"], "Steepener leg: term premium to rebuild"),
    t("LTN_2027", "LONG", 18, 220, ["RATES_CARRY"], "Pre-fixed carry with a steep roll-down"),
    t("UST_10Y", "LONG", 10, 250, ["GLOBAL_RATES"], "US growth slowing: duration hedge"),
    t("ZN", "SHORT", 6, 280, ["GLOBAL_RATES"], "Tactical short into supply", { close_day: 400 }),
    t("DOL", "LONG", 25, 300, ["FX_MOMENTUM", "GLOBAL_HEDGE"], "USD hedge against election volatility", {
      strategy_weights: { FX_MOMENTUM: 0.5, GLOBAL_HEDGE: 0.5 },
    }),
    t("CDS_BR_5Y", "SHORT", 10, 330, ["CREDIT_RV"], "Sell protection: spreads wide versus peers"),
    t("NTN_B_2035", "LONG", 12, 380, ["INFLATION_BREAKEVEN"], "Long breakevens on sticky services inflation"),
    t("IBOV_FUT", "LONG", 14, 410, ["EQUITY_MACRO"], "Domestic equities cheap on forward earnings"),
    t("DOL", "SHORT", 10, 420, ["FX_MOMENTUM"], "Tactical BRL rebound after the intervention", { close_day: 470 }),
    t("ES", "SHORT", 8, 440, ["EQUITY_MACRO", "GLOBAL_HEDGE"], "Hedge of global beta in the book"),
    t(diShort, "LONG", 20, 480, ["RATES_CARRY"], "Add to receivers after the soft IPCA print"),
  ];
}

const STRATEGIES: Record<AssetClass, string[]> = {
  RATES: ["RATES_CARRY", "RATES_CURVE"],
  FX: ["FX_MOMENTUM", "GLOBAL_HEDGE"],
  INFLATION: ["INFLATION_BREAKEVEN"],
  SOVEREIGN: ["GLOBAL_RATES", "RATES_CARRY"],
  CREDIT: ["CREDIT_RV"],
  EQUITY: ["EQUITY_MACRO", "GLOBAL_HEDGE"],
};

/** `count` random trades over `days` business days, about half of them closed. */
export function largeTrades(prng: Prng, instruments: readonly Instrument[], count: number, days: number): TradePlan[] {
  const plans: TradePlan[] = [];
  for (let n = 0; n < count; n++) {
    const inst = prng.pick(instruments);
    const open_day = prng.int(0, days - 1);
    const closes = prng.next() < 0.5 && open_day < days - 2;
    plans.push({
      ticker: inst.ticker,
      direction: prng.next() < 0.6 ? "LONG" : "SHORT",
      notional_brl: prng.int(2, 12) * 100_000,
      open_day,
      ...(closes ? { close_day: prng.int(open_day + 1, days - 1) } : {}),
      strategy_ids: [prng.pick(STRATEGIES[inst.asset_class])],
      thesis: `Load-test position ${n + 1} on ${inst.ticker}`,
    });
  }
  return plans.sort((a, b) => a.open_day - b.open_day);
}
