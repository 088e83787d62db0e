// Performance statistics of a daily P&L series (docs/contract.md §Computations, "Attribution").
//
// Daily return r_t = P&L_t / NAV_{t−1} (NAV at the end of the previous day). Annualisation
// uses 252 business days: return = (Π(1 + r))^(252/n) − 1, volatility = sample σ × √252.
// Sharpe = (annual return − risk-free) / volatility; Sortino = (annual return − risk-free) /
// downside deviation, downside deviation = √(mean(min(r, 0)²)) × √252. Max drawdown on the
// compounded curve. Win rate counts days with non-zero P&L. Ratios are null where they are
// undefined (fewer than 2 days, zero volatility, no losing day). Percentages in percent.
import { drawdown } from "./drawdown.ts";
import type { IsoDate } from "./types.ts";
import { sampleStdev } from "./var.ts";

const YEAR = 252;

export interface DayReturn {
  date: IsoDate;
  pnl_brl: number;
  /** NAV at the end of the previous day. */
  nav_before_brl: number;
}

export interface PerformanceStats {
  days: number;
  cumulative_return_pct: number;
  annualized_return_pct: number | null;
  annualized_volatility_pct: number | null;
  sharpe_ratio: number | null;
  sortino_ratio: number | null;
  max_drawdown_pct: number;
  win_rate_pct: number | null;
  profit_factor: number | null;
  avg_win_brl: number | null;
  avg_loss_brl: number | null;
  best_day_brl: number | null;
  worst_day_brl: number | null;
}

export function performanceStats(days: readonly DayReturn[], riskFreeRatePct = 0): PerformanceStats {
  const r = days.map((d) => (d.nav_before_brl > 0 ? d.pnl_brl / d.nav_before_brl : 0));
  const n = r.length;
  let growth = 1;
  const curve = r.map((x, i) => ({ date: (days[i] as DayReturn).date, nav_brl: (growth *= 1 + x) }));
  const wins = days.filter((d) => d.pnl_brl > 0).map((d) => d.pnl_brl);
  const losses = days.filter((d) => d.pnl_brl < 0).map((d) => d.pnl_brl);
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  const annualReturn = n >= 2 ? growth ** (YEAR / n) - 1 : null;
  const vol = n >= 2 ? sampleStdev(r) * Math.sqrt(YEAR) : null;
  const downside = n >= 2 ? Math.sqrt(sum(r.map((x) => Math.min(x, 0) ** 2)) / n) * Math.sqrt(YEAR) : null;
  const excess = annualReturn === null ? null : annualReturn - riskFreeRatePct / 100;
  const pnls = days.map((d) => d.pnl_brl);
  return {
    days: n,
    cumulative_return_pct: (growth - 1) * 100,
    annualized_return_pct: annualReturn === null ? null : annualReturn * 100,
    annualized_volatility_pct: vol === null ? null : vol * 100,
    sharpe_ratio: excess !== null && vol ? excess / vol : null,
    sortino_ratio: excess !== null && downside ? excess / downside : null,
    max_drawdown_pct: drawdown(curve, 1).max_drawdown_pct,
    win_rate_pct: wins.length + losses.length > 0 ? (wins.length / (wins.length + losses.length)) * 100 : null,
    profit_factor: losses.length > 0 ? sum(wins) / Math.abs(sum(losses)) : null,
    avg_win_brl: wins.length > 0 ? sum(wins) / wins.length : null,
    avg_loss_brl: losses.length > 0 ? sum(losses) / losses.length : null,
    best_day_brl: n > 0 ? Math.max(...pnls) : null,
    worst_day_brl: n > 0 ? Math.min(...pnls) : null,
  };
}
