// Built-in signal engine: derives signals from stored closes so the pipeline produces real
// proposals when none are supplied.
//
// Momentum (every instrument with enough history): N-day return R = c_T / c_{T−N} − 1 and
// daily volatility σ (sample σ of the last `vol_days` daily returns); z = R / (σ·√N).
// Direction follows the sign of z (a rising PU — falling rates — is LONG, the book's PU
// convention); conviction = min(0.95, 0.5 + 0.15·|z|), so |z| ≈ 0.33 reaches 0.55 and |z| ≈
// 0.67 reaches 0.60.
// Carry (PU instruments with a maturity date): the rate the PU implies over its DU, against a
// short rate (`short_rate_pct`, else the rate of the shortest DI in the set). A positive
// spread pays a receiver (LONG PU), a negative one a payer (SHORT PU); conviction = min(0.9,
// 0.5 + |spread bp|/500) — 100 bp gives 0.70.
import { businessDayCount } from "./calendar.ts";
import { indexOnOrBefore } from "./mtm.ts";
import { diRateFromPu } from "./pricing.ts";
import type { Instrument, IsoDate, PriceIndex, Signal } from "./types.ts";
import { sampleStdev } from "./var.ts";

export interface SignalEngineOptions {
  momentum_days?: number;
  vol_days?: number;
  short_rate_pct?: number;
}

/** Closes of a ticker up to and including `asOf`, oldest first. */
function closesUpTo(index: PriceIndex, ticker: string, asOf: IsoDate): number[] {
  const series = index.get(ticker);
  if (!series) return [];
  return series.closes.slice(0, indexOnOrBefore(series, asOf) + 1);
}

export function momentumSignal(
  instrument: Instrument,
  closes: readonly number[],
  momentumDays = 20,
  volDays = 60,
): Signal | null {
  if (closes.length < momentumDays + 2) return null;
  const last = closes.length - 1;
  const ret = (closes[last] as number) / (closes[last - momentumDays] as number) - 1;
  const window = closes.slice(Math.max(0, closes.length - volDays - 1));
  const daily = window.slice(1).map((c, i) => c / (window[i] as number) - 1);
  const sigma = sampleStdev(daily);
  if (!(sigma > 0)) return null;
  const z = ret / (sigma * Math.sqrt(momentumDays));
  return {
    instrument: instrument.ticker,
    asset_class: instrument.asset_class,
    direction: z >= 0 ? "LONG" : "SHORT",
    conviction: Math.min(0.95, 0.5 + 0.15 * Math.abs(z)),
    strategy_ids: [`momentum_${momentumDays}d`],
    signal_source: "momentum",
    metrics: { return_pct: ret * 100, momentum_z: z },
  };
}

export function carrySignal(instrument: Instrument, ratePct: number, shortRatePct: number): Signal {
  const spreadBp = (ratePct - shortRatePct) * 100;
  return {
    instrument: instrument.ticker,
    asset_class: instrument.asset_class,
    direction: spreadBp >= 0 ? "LONG" : "SHORT",
    conviction: Math.min(0.9, 0.5 + Math.abs(spreadBp) / 500),
    strategy_ids: ["carry"],
    signal_source: "carry",
    metrics: { rate_pct: ratePct, short_rate_pct: shortRatePct, carry_bp: spreadBp },
  };
}

export function generateSignals(args: {
  instruments: readonly Instrument[];
  index: PriceIndex;
  as_of_date: IsoDate;
  options?: SignalEngineOptions;
}): Signal[] {
  const { index, as_of_date: asOf } = args;
  const o = args.options ?? {};
  const out: Signal[] = [];
  const rates: Array<{ instrument: Instrument; du: number; rate: number }> = [];
  for (const inst of args.instruments) {
    const closes = closesUpTo(index, inst.ticker, asOf);
    const m = momentumSignal(inst, closes, o.momentum_days, o.vol_days);
    if (m) out.push(m);
    const pu = closes.at(-1);
    if (inst.price_kind === "PU" && inst.maturity_date && pu !== undefined && inst.maturity_date > asOf) {
      const du = businessDayCount(asOf, inst.maturity_date);
      if (du > 0) rates.push({ instrument: inst, du, rate: diRateFromPu(pu, du) });
    }
  }
  rates.sort((a, b) => a.du - b.du);
  const shortRate = o.short_rate_pct ?? (rates.length > 1 ? rates[0]?.rate : undefined);
  if (shortRate !== undefined) {
    for (const r of o.short_rate_pct === undefined ? rates.slice(1) : rates)
      out.push(carrySignal(r.instrument, r.rate, shortRate));
  }
  return out;
}
