// Drawdown of the NAV series relative to its running peak. Drawdowns are positive percentages
// (3.5 means NAV is 3.5 % below its peak); a NAV equal to the peak is a new peak.
import type { IsoDate, NavPoint } from "./types.ts";

export interface DrawdownResult {
  current_drawdown_pct: number;
  max_drawdown_pct: number;
  /** Observations (marked business days) since the peak while in drawdown; 0 at a peak. */
  days_in_drawdown: number;
  peak_date: IsoDate | null;
  peak_nav_brl: number;
  current_nav_brl: number;
  /** Where the maximum drawdown bottomed out (null when there was none). */
  max_drawdown_date: IsoDate | null;
}

/**
 * `series` ascending. `startingNav` (the capital) is the peak before the first point, so a
 * fund that lost money from day one is in drawdown from inception (peak_date null).
 */
export function drawdown(series: readonly NavPoint[], startingNav?: number): DrawdownResult {
  let peak = startingNav ?? series[0]?.nav_brl ?? 0;
  let peakDate: IsoDate | null = startingNav === undefined ? (series[0]?.date ?? null) : null;
  let peakIndex = startingNav === undefined ? 0 : -1;
  let maxDd = 0;
  let maxDdDate: IsoDate | null = null;
  let current = 0;
  series.forEach((p, i) => {
    if (p.nav_brl >= peak) {
      peak = p.nav_brl;
      peakDate = p.date;
      peakIndex = i;
      current = 0;
      return;
    }
    current = peak > 0 ? ((peak - p.nav_brl) / peak) * 100 : 0;
    if (current > maxDd) {
      maxDd = current;
      maxDdDate = p.date;
    }
  });
  const last = series.at(-1);
  return {
    current_drawdown_pct: current,
    max_drawdown_pct: maxDd,
    days_in_drawdown: current > 0 ? series.length - 1 - peakIndex : 0,
    peak_date: peakDate,
    peak_nav_brl: peak,
    current_nav_brl: last?.nav_brl ?? startingNav ?? 0,
    max_drawdown_date: maxDdDate,
  };
}
