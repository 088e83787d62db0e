// Stress tests: named historical and hypothetical scenarios, each a documented shock per asset
// class with overrides per ticker family, applied to today's open positions.
//
// A shock is a relative price move in percent (`price_pct`) and/or a parallel rate move in
// basis points (`rate_bp`). PU positions (DI futures) with a rate shock are repriced through
// the PU formula: r = rate implied by the current PU over its DU, new PU = PU(r + bp/100, DU);
// without a known DU, one year (252) is assumed. Every other position moves by price_pct (its
// exposure × price_pct/100). Prices follow each market's quote: USDBRL up = BRL weaker,
// CDS up = spreads wider, bond and futures prices down = yields up. A CDS is quoted as a spread
// and moves by its CS01: price_pct scales the spread (+80 % of 170 bp = +136 bp × CS01) and a
// rate_bp shock adds to it.
import { perNav } from "./nav.ts";
import {
  businessDaysToMaturity,
  cs01,
  diPu,
  diRateFromPu,
  directionSign,
  isSpreadQuoted,
  quantity,
  relativeExposure,
} from "./pricing.ts";
import type { AssetClass, Instrument, IsoDate, PositionState } from "./types.ts";

export interface Shock {
  price_pct?: number;
  rate_bp?: number;
}

export interface Scenario {
  scenario: string;
  description: string;
  by_asset_class: Partial<Record<AssetClass, Shock>>;
  /** Ticker prefix → shock; wins over the asset-class shock (longest prefix first). */
  by_ticker_prefix?: Record<string, Shock>;
}

// Moves are rounded, peak-to-trough approximations of the episodes, chosen to be plausible
// rather than exact; US Treasuries (UST, ZN, ZF) are shocked separately from Brazilian
// sovereign credit because they rally in a flight to quality.
export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  {
    scenario: "BRL_CRISIS_2015",
    description:
      "Brazil fiscal crisis and loss of investment grade (Aug–Sep 2015): USDBRL +25 %, DI +300 bp, Ibovespa −20 %, CDS +80 %, NTN-B −8 %, Brazil sovereign bonds −10 %.",
    by_asset_class: {
      FX: { price_pct: 25 },
      RATES: { rate_bp: 300, price_pct: -6 },
      EQUITY: { price_pct: -20 },
      CREDIT: { price_pct: 80 },
      INFLATION: { price_pct: -8 },
      SOVEREIGN: { price_pct: -10 },
    },
    by_ticker_prefix: { UST: { price_pct: 1 }, ZN: { price_pct: 1 }, ZF: { price_pct: 0.5 }, ES: { price_pct: -10 } },
  },
  {
    scenario: "COVID_MARCH_2020",
    description:
      "COVID-19 crash (Feb–Mar 2020): USDBRL +20 %, DI +150 bp, equities −35 %, CDS +100 %, NTN-B −10 %, Brazil sovereign bonds −12 %, Treasuries rally.",
    by_asset_class: {
      FX: { price_pct: 20 },
      RATES: { rate_bp: 150, price_pct: -3 },
      EQUITY: { price_pct: -35 },
      CREDIT: { price_pct: 100 },
      INFLATION: { price_pct: -10 },
      SOVEREIGN: { price_pct: -12 },
    },
    by_ticker_prefix: { UST: { price_pct: 4 }, ZN: { price_pct: 3 }, ZF: { price_pct: 2 } },
  },
  {
    scenario: "TAPER_TANTRUM_2013",
    description:
      "Fed taper tantrum (May–Aug 2013): US 10y +100 bp (Treasuries −7 %), USDBRL +15 %, DI +250 bp, Ibovespa −15 %, CDS +40 %, NTN-B −12 %.",
    by_asset_class: {
      FX: { price_pct: 15 },
      RATES: { rate_bp: 250, price_pct: -5 },
      EQUITY: { price_pct: -15 },
      CREDIT: { price_pct: 40 },
      INFLATION: { price_pct: -12 },
      SOVEREIGN: { price_pct: -8 },
    },
    by_ticker_prefix: { UST: { price_pct: -7 }, ZN: { price_pct: -5 }, ZF: { price_pct: -3 }, ES: { price_pct: -5 } },
  },
  {
    scenario: "RATES_UP_200BP",
    description:
      "Parallel +200 bp in all rate curves: DI repriced through the PU formula; price-quoted bonds and futures lose about duration × 2 % (NTN-B −12 %, sovereign −10 %, Treasuries −12 %).",
    by_asset_class: {
      RATES: { rate_bp: 200, price_pct: -4 },
      INFLATION: { price_pct: -12 },
      SOVEREIGN: { price_pct: -10 },
    },
    by_ticker_prefix: { UST: { price_pct: -12 }, ZN: { price_pct: -12 }, ZF: { price_pct: -8 } },
  },
  {
    scenario: "GLOBAL_EQUITIES_DOWN_20",
    description: "Global equity sell-off of 20 %: equities −20 %, USDBRL +5 %, CDS +20 %, DI +50 bp, Treasuries +2 %.",
    by_asset_class: {
      EQUITY: { price_pct: -20 },
      FX: { price_pct: 5 },
      CREDIT: { price_pct: 20 },
      RATES: { rate_bp: 50, price_pct: -1 },
      SOVEREIGN: { price_pct: -3 },
    },
    by_ticker_prefix: { UST: { price_pct: 2 }, ZN: { price_pct: 2 }, ZF: { price_pct: 1 } },
  },
  {
    scenario: "BRL_RISK_ON_RALLY",
    description:
      "Brazil risk-on rally (fiscal surprise): USDBRL −10 %, DI −150 bp, Ibovespa +15 %, CDS −25 %, NTN-B +6 %, sovereign +5 %.",
    by_asset_class: {
      FX: { price_pct: -10 },
      RATES: { rate_bp: -150, price_pct: 3 },
      EQUITY: { price_pct: 15 },
      CREDIT: { price_pct: -25 },
      INFLATION: { price_pct: 6 },
      SOVEREIGN: { price_pct: 5 },
    },
    by_ticker_prefix: { UST: { price_pct: 0 }, ZN: { price_pct: 0 }, ZF: { price_pct: 0 }, ES: { price_pct: 3 } },
  },
];

export type StressPosition = Pick<
  PositionState,
  | "instrument"
  | "asset_class"
  | "price_kind"
  | "direction"
  | "notional_brl"
  | "entry_price"
  | "current_price"
  | "entry_date"
  | "business_days"
>;

export interface StressResult {
  scenario: string;
  description: string;
  pnl_brl: number;
  pnl_pct: number;
}

export function shockFor(scenario: Scenario, ticker: string, assetClass: AssetClass): Shock {
  const t = ticker.toUpperCase();
  const prefixes = Object.keys(scenario.by_ticker_prefix ?? {}).sort((a, b) => b.length - a.length);
  const hit = prefixes.find((p) => t.startsWith(p.toUpperCase()));
  return (hit ? scenario.by_ticker_prefix?.[hit] : undefined) ?? scenario.by_asset_class[assetClass] ?? {};
}

/** Scenario P&L of one position. */
export function stressPnl(
  p: StressPosition,
  shock: Shock,
  asOf: IsoDate,
  instrument?: Pick<Instrument, "maturity_date">,
): number {
  const price = p.current_price ?? p.entry_price;
  if (p.price_kind === "PU" && shock.rate_bp !== undefined) {
    const du = businessDaysToMaturity(p, asOf, instrument) ?? 252;
    const shocked = diPu(diRateFromPu(price, du) + shock.rate_bp / 100, du);
    return quantity(p) * (shocked - price);
  }
  // A CDS moves by CS01: a bp shock is added to the spread; a % shock scales it.
  if (p.price_kind !== "PU" && isSpreadQuoted(p.instrument) && shock.rate_bp !== undefined) {
    return directionSign(p.direction) * cs01(p) * shock.rate_bp;
  }
  return (relativeExposure(p) * (shock.price_pct ?? 0)) / 100;
}

export function runStressTests(args: {
  positions: readonly StressPosition[];
  navBrl: number;
  asOf: IsoDate;
  scenarios?: readonly Scenario[];
  instruments?: ReadonlyMap<string, Pick<Instrument, "maturity_date">>;
}): StressResult[] {
  return (args.scenarios ?? DEFAULT_SCENARIOS).map((s) => {
    let pnl = 0;
    for (const p of args.positions) {
      pnl += stressPnl(p, shockFor(s, p.instrument, p.asset_class), args.asOf, args.instruments?.get(p.instrument));
    }
    return { scenario: s.scenario, description: s.description, pnl_brl: pnl, pnl_pct: perNav(pnl, args.navBrl) * 100 };
  });
}
