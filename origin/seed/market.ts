// The demo fund's market: a dozen instruments over the six asset classes and two years of
// business-day closes drawn from a fixed seed, so every seeded database is identical for a
// given "today". DI futures are priced from a simulated rate path (B3 PU convention); the rest
// follow geometric random walks with a per-instrument daily volatility.
import { addBusinessDays, businessDayCount, lastBusinessDays } from "../domain/calendar.ts";
import { CDI_TICKER, diPu } from "../domain/pricing.ts";
import { createPrng, type Prng } from "../domain/prng.ts";
import type { Instrument, IsoDate, PriceBar } from "../domain/types.ts";

/** Two years of business days. */
export const HISTORY_DAYS = 504;

interface MarketSpec {
  instrument: Instrument;
  /** Level on the first day (a rate in % for DI futures). */
  start: number;
  /** Daily volatility: relative for prices, absolute percentage points for DI rates. */
  vol: number;
  /** Daily drift, same unit as vol. */
  drift: number;
  /** Quoted off another instrument's closes times a fixed basis (DOL futures off USD/BRL spot). */
  follows?: { ticker: string; basis: number };
}

/** DI1 January contracts two and four years out from today, so they never expire under the demo. */
function diContract(today: IsoDate, yearsOut: number): Instrument {
  const year = Number(today.slice(0, 4)) + yearsOut;
  return {
    ticker: `DI1F${String(year % 100).padStart(2, "0")}`,
    name: `DI1 futures Jan ${year}`,
    asset_class: "RATES",
    price_kind: "PU",
    currency: "BRL",
    factor: "rates_brl",
    maturity_date: addBusinessDays(`${year - 1}-12-31`, 1),
  };
}

function priced(
  ticker: string,
  name: string,
  asset_class: Instrument["asset_class"],
  factor: string,
  currency: "BRL" | "USD" = "BRL",
): Instrument {
  return { ticker, name, asset_class, price_kind: "PRICE", currency, factor, maturity_date: null };
}

function marketSpecs(today: IsoDate): MarketSpec[] {
  return [
    { instrument: diContract(today, 2), start: 11.8, vol: 0.07, drift: -0.0015 },
    { instrument: diContract(today, 4), start: 12.1, vol: 0.09, drift: -0.001 },
    { instrument: priced("USDBRL", "USD/BRL spot", "FX", "fx_brl"), start: 5.05, vol: 0.009, drift: 0.0001 },
    {
      instrument: priced("DOL", "USD/BRL futures (B3 DOL)", "FX", "fx_brl"),
      start: 0,
      vol: 0,
      drift: 0,
      follows: { ticker: "USDBRL", basis: 1.0045 },
    },
    {
      instrument: priced("NTN_B_2030", "NTN-B 2030 (IPCA-linked)", "INFLATION", "inflation_brl"),
      start: 4180,
      vol: 0.0035,
      drift: 0.0003,
    },
    {
      instrument: priced("NTN_B_2035", "NTN-B 2035 (IPCA-linked)", "INFLATION", "inflation_brl"),
      start: 4050,
      vol: 0.0055,
      drift: 0.0003,
    },
    {
      instrument: priced("LTN_2027", "LTN 2027 (pre-fixed)", "SOVEREIGN", "rates_brl"),
      start: 812,
      vol: 0.0018,
      drift: 0.0004,
    },
    {
      instrument: priced("CDS_BR_5Y", "Brazil 5y CDS", "CREDIT", "credit_spread"),
      start: 165,
      vol: 0.018,
      drift: -0.0003,
    },
    {
      instrument: priced("IBOV_FUT", "Ibovespa futures", "EQUITY", "equity_br"),
      start: 118_000,
      vol: 0.012,
      drift: 0.0003,
    },
    {
      instrument: priced("ES", "S&P 500 E-mini", "EQUITY", "equity_global", "USD"),
      start: 4_800,
      vol: 0.011,
      drift: 0.0004,
    },
    {
      instrument: priced("UST_10Y", "US Treasury 10y", "SOVEREIGN", "rates_usd", "USD"),
      start: 96.5,
      vol: 0.005,
      drift: 0.00005,
    },
    {
      instrument: priced("ZN", "10y T-Note futures", "SOVEREIGN", "rates_usd", "USD"),
      start: 110.2,
      vol: 0.0045,
      drift: 0.00005,
    },
  ];
}

export interface SeedMarket {
  instruments: Instrument[];
  dates: IsoDate[];
  bars: PriceBar[];
}

/** Instruments and HISTORY_DAYS business-day closes ending on `lastDay`. */
export function generateMarket(prng: Prng, lastDay: IsoDate): SeedMarket {
  const specs = marketSpecs(lastDay);
  const dates = lastBusinessDays(lastDay, HISTORY_DAYS);
  const bars: PriceBar[] = [];
  const closesOf = new Map<string, number[]>();
  for (const spec of specs) {
    const { instrument } = spec;
    const closes: number[] = [];
    closesOf.set(instrument.ticker, closes);
    let level = spec.start;
    for (const [i, date] of dates.entries()) {
      if (spec.follows) {
        const base = closesOf.get(spec.follows.ticker)![i]!;
        closes.push(round(base * spec.follows.basis, 4));
      } else if (instrument.price_kind === "PU") {
        const du = Math.max(1, businessDayCount(date, instrument.maturity_date!));
        closes.push(round(diPu(level, du), 2));
        level = Math.max(2, level + spec.drift + spec.vol * prng.normal());
      } else {
        closes.push(round(level, 4));
        level *= Math.exp(spec.drift + spec.vol * prng.normal());
      }
      bars.push({ ticker: instrument.ticker, date, close: closes[i]! });
    }
  }
  bars.push(...cdiSeries(dates));
  return { instruments: specs.map((s) => s.instrument), dates, bars };
}

/** The CDI's own seed, so adding the series left every other close as it was. */
const CDI_SEED = 20_240_602;
/** Copom meets about every six weeks: the CDI only moves on those days. */
const COPOM_EVERY_BUSINESS_DAYS = 30;

/**
 * The CDI (% a year, B3's DI overnight average) on every date: a step path that starts at
 * 10.90 % and moves by −50, −25, 0, +25 or +50 bp at each Copom meeting, kept within 2–20 %.
 * DI1 P&L settles against it (pricing.diSettlement); it is not an instrument of the fund.
 */
export function cdiSeries(dates: readonly IsoDate[]): PriceBar[] {
  const prng = createPrng(CDI_SEED);
  let rate = 10.9;
  return dates.map((date, i) => {
    if (i > 0 && i % COPOM_EVERY_BUSINESS_DAYS === 0) {
      rate = Math.min(20, Math.max(2, rate + prng.pick([-0.5, -0.25, 0, 0.25, 0.5])));
    }
    return { ticker: CDI_TICKER, date, close: round(rate, 2) };
  });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
