// Market snapshot and a rule-based regime read for the morning pack.
//
// Regime rules (each read scores +1 risk-off, −1 risk-on, 0 neutral, over 20 business days):
// - FX: USDBRL up more than 3 % → risk-off; down more than 3 % → risk-on;
// - equities: the first equity index (IBOV…, else any EQUITY instrument) down more than 5 % →
//   risk-off; up more than 5 % → risk-on;
// - rates: the average PU change of the DI futures below −1 % (rates up) → risk-off; above
//   +1 % → risk-on.
// Score ≥ 2 → RISK_OFF, ≤ −2 → RISK_ON, else NEUTRAL. Volatility is HIGH when USDBRL's
// annualised 20-day volatility exceeds 18 %, else NORMAL.
import { calendarDaysBetween } from "./calendar.ts";
import { FX_TICKER, indexOnOrBefore, STALE_AFTER_CALENDAR_DAYS } from "./mtm.ts";
import { businessDaysToMaturity, diRateFromPu } from "./pricing.ts";
import type { Instrument, IsoDate, PriceIndex } from "./types.ts";
import { sampleStdev } from "./var.ts";

export interface MarketRow {
  ticker: string;
  name: string;
  asset_class: string;
  last: number;
  date: IsoDate;
  change_1d_pct: number | null;
  change_5d_pct: number | null;
  change_20d_pct: number | null;
  /** PU instruments with a maturity: the implied annual rate. */
  rate_pct: number | null;
  stale: boolean;
}

function closesOf(index: PriceIndex, ticker: string, asOf: IsoDate): { dates: IsoDate[]; closes: number[] } | null {
  const s = index.get(ticker);
  if (!s) return null;
  const end = indexOnOrBefore(s, asOf) + 1;
  return end > 0 ? { dates: s.dates.slice(0, end), closes: s.closes.slice(0, end) } : null;
}

function changePct(closes: readonly number[], days: number): number | null {
  const last = closes.at(-1);
  const then = closes[closes.length - 1 - days];
  return last !== undefined && then !== undefined && then > 0 ? (last / then - 1) * 100 : null;
}

export function marketSnapshot(instruments: readonly Instrument[], index: PriceIndex, asOf: IsoDate): MarketRow[] {
  const rows: MarketRow[] = [];
  for (const inst of instruments) {
    const h = closesOf(index, inst.ticker, asOf);
    if (!h) continue;
    const last = h.closes.at(-1) as number;
    const date = h.dates.at(-1) as IsoDate;
    const du =
      inst.price_kind === "PU" && inst.maturity_date
        ? businessDaysToMaturity({ entry_date: asOf, business_days: null }, asOf, inst)
        : null;
    rows.push({
      ticker: inst.ticker,
      name: inst.name,
      asset_class: inst.asset_class,
      last,
      date,
      change_1d_pct: changePct(h.closes, 1),
      change_5d_pct: changePct(h.closes, 5),
      change_20d_pct: changePct(h.closes, 20),
      rate_pct: du ? diRateFromPu(last, du) : null,
      stale: calendarDaysBetween(date, asOf) > STALE_AFTER_CALENDAR_DAYS,
    });
  }
  return rows;
}

export type RegimeName = "RISK_ON" | "NEUTRAL" | "RISK_OFF";

export interface Regime {
  regime: RegimeName;
  score: number;
  volatility: "HIGH" | "NORMAL";
  reads: Array<{ factor: string; change_20d_pct: number; read: "risk_on" | "risk_off" | "neutral" }>;
  previous: RegimeName | null;
  changed: boolean;
}

function read(
  change: number,
  threshold: number,
  upIsRiskOff: boolean,
): { read: "risk_on" | "risk_off" | "neutral"; score: number } {
  if (Math.abs(change) <= threshold) return { read: "neutral", score: 0 };
  const riskOff = change > 0 === upIsRiskOff;
  return { read: riskOff ? "risk_off" : "risk_on", score: riskOff ? 1 : -1 };
}

/** null when no rule has data (no USDBRL, equity or DI history of 21 closes). */
export function marketRegime(
  rows: readonly MarketRow[],
  index: PriceIndex,
  asOf: IsoDate,
  previous: RegimeName | null = null,
): Regime | null {
  const reads: Regime["reads"] = [];
  let score = 0;
  const add = (factor: string, change: number | null, threshold: number, upIsRiskOff: boolean) => {
    if (change === null) return;
    const r = read(change, threshold, upIsRiskOff);
    reads.push({ factor, change_20d_pct: change, read: r.read });
    score += r.score;
  };
  add("usdbrl", rows.find((r) => r.ticker === FX_TICKER)?.change_20d_pct ?? null, 3, true);
  const equities = rows.filter((r) => r.asset_class === "EQUITY");
  add(
    "equities",
    (equities.find((r) => r.ticker.toUpperCase().startsWith("IBOV")) ?? equities[0])?.change_20d_pct ?? null,
    5,
    false,
  );
  const di = rows.filter((r) => /^(DI1|DDI)/i.test(r.ticker) && r.change_20d_pct !== null);
  add("di_pu", di.length ? di.reduce((a, r) => a + (r.change_20d_pct as number), 0) / di.length : null, 1, false);
  if (reads.length === 0) return null;
  const fx = closesOf(index, FX_TICKER, asOf)?.closes.slice(-21) ?? [];
  const fxVol = sampleStdev(fx.slice(1).map((c, i) => c / (fx[i] as number) - 1)) * Math.sqrt(252) * 100;
  const regime: RegimeName = score >= 2 ? "RISK_OFF" : score <= -2 ? "RISK_ON" : "NEUTRAL";
  return {
    regime,
    score,
    volatility: fxVol > 18 ? "HIGH" : "NORMAL",
    reads,
    previous,
    changed: previous !== null && previous !== regime,
  };
}
