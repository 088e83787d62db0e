// The morning pack (docs/contract.md routes 21–24) built from plain inputs. Each section is
// computed on its own; one that lacks its input, or fails, is {status:"unavailable", reason}
// and the others are still delivered. The DB adds id and created_at.
//
// Action items, sorted by priority (1 = act first), then category, then title:
// - RISK: a BREACHED limit → 1, a WARNING → 2;
// - REGIME: a regime change since the previous pack → 1;
// - PROPOSAL: a pending flip → 1, any other pending proposal → 2;
// - PRICE: open positions marked on a stale price, one item per ticker → 2.
import type { BookSummary } from "./book.ts";
import type { LiveRisk } from "./live-risk.ts";
import { type MarketRow, marketRegime, marketSnapshot, type Regime, type RegimeName } from "./market-regime.ts";
import type { Instrument, IsoDate, PriceIndex, Signal, Unavailable } from "./types.ts";

export interface PendingProposal {
  id: number;
  instrument: string;
  direction: string;
  conviction: number;
  suggested_notional_brl: number;
  is_flip: boolean;
  rationale: string;
  signal_source?: string;
}

export interface MorningPackInput {
  briefing_date: IsoDate;
  pending_proposals?: readonly PendingProposal[];
  book?: { summary: BookSummary; positions: ReadonlyArray<{ id: number; instrument: string; price_stale: boolean }> };
  risk?: LiveRisk;
  market?: { instruments: readonly Instrument[]; index: PriceIndex };
  signals?: readonly Signal[];
  previous?: { regime?: RegimeName | null; signals?: readonly Signal[] };
}

export interface ActionItem {
  priority: 1 | 2 | 3;
  category: "RISK" | "REGIME" | "PROPOSAL" | "PRICE";
  title: string;
  detail: string;
}

type Section<T> = T | Unavailable;

export interface MorningPackBody {
  briefing_date: IsoDate;
  action_items: Section<ActionItem[]>;
  trade_proposals: Section<PendingProposal[]>;
  market_snapshot: Section<MarketRow[]>;
  risk_summary: Section<Record<string, unknown>>;
  portfolio_state: Section<Record<string, unknown>>;
  regime: Section<Regime>;
  top_signals: Section<Signal[]>;
  agent_views: Section<Array<Record<string, unknown>>>;
  signal_changes: Section<Array<Record<string, unknown>>>;
  macro_narrative: Section<string>;
}

export const unavailable = (reason: string): Unavailable => ({ status: "unavailable", reason });
export const isUnavailable = (x: unknown): x is Unavailable =>
  typeof x === "object" && x !== null && !Array.isArray(x) && (x as { status?: unknown }).status === "unavailable";

/**
 * Runs one section on its input: a missing input (undefined/null) becomes "unavailable" with
 * `missing`; a builder returning null becomes "unavailable" with `empty`; so does a thrown error.
 */
function section<I, T>(
  input: I | null | undefined,
  missing: string,
  build: (input: I) => T | null,
  empty = "no data",
): Section<T> {
  if (input === undefined || input === null) return unavailable(missing);
  try {
    return build(input) ?? unavailable(empty);
  } catch (e) {
    return unavailable(`computation failed: ${e instanceof Error ? e.message : "unknown error"}`);
  }
}

const pct = (x: number, d = 2) => `${x >= 0 ? "+" : ""}${x.toFixed(d)}%`;
const brl = (x: number) => `BRL ${Math.round(x).toLocaleString("en-US")}`;
function staleTickers(positions: ReadonlyArray<{ instrument: string; price_stale: boolean }>): string[] {
  return [...new Set(positions.filter((p) => p.price_stale).map((p) => p.instrument))].sort();
}

const CATEGORY_ORDER: Record<ActionItem["category"], number> = { RISK: 0, REGIME: 1, PROPOSAL: 2, PRICE: 3 };

export function buildMorningPack(input: MorningPackInput): MorningPackBody {
  const date = input.briefing_date;
  const market = section(
    input.market,
    "no market data",
    (m) => {
      const rows = marketSnapshot(m.instruments, m.index, date);
      return rows.length > 0 ? rows : null;
    },
    "no prices on or before the briefing date",
  );
  const regime = isUnavailable(market)
    ? market
    : section(
        input.market,
        "no market data",
        (m) => marketRegime(market, m.index, date, input.previous?.regime ?? null),
        "not enough price history for a regime read",
      );
  const proposals = section(input.pending_proposals, "proposals not available", (ps) =>
    [...ps].sort((a, b) => b.conviction - a.conviction),
  );
  const riskSummary = section(input.risk, "risk not available", (r) => ({
    overall_status: r.limits_summary.overall_status,
    var_95_pct: r.var.var_95_pct,
    var_99_pct: r.var.var_99_pct,
    es_975_pct: r.var.es_975_pct,
    leverage_gross: r.leverage.gross,
    leverage_net: r.leverage.net,
    drawdown_pct: r.drawdown.current_drawdown_pct,
    alerts: r.alerts,
    worst_stress: [...r.stress_tests].sort((a, b) => a.pnl_brl - b.pnl_brl)[0] ?? null,
  }));
  const portfolio = section(input.book, "book not available", ({ summary: s, positions }) => ({
    nav_brl: s.aum,
    open_positions: s.open_positions,
    gross_notional_brl: s.total_notional_brl,
    net_notional_brl: s.net_notional_brl,
    leverage: s.leverage,
    net_leverage: s.net_leverage,
    pnl_today_brl: s.pnl_today_brl,
    pnl_mtd_brl: s.pnl_mtd_brl,
    pnl_ytd_brl: s.pnl_ytd_brl,
    stale_price_tickers: staleTickers(positions),
  }));
  const topSignals = section(input.signals, "signals not available", (ss) =>
    [...ss].sort((a, b) => b.conviction - a.conviction).slice(0, 10),
  );
  const agentViews = section(input.signals, "signals not available", agentViewsOf);
  const changes = input.signals
    ? section(input.previous?.signals, "no previous signals to compare", (prev) =>
        signalChanges(prev, input.signals ?? []),
      )
    : unavailable("signals not available");
  const actions = section(input, "", (i) => actionItems(i, regime, proposals));
  const narrative = section(
    input,
    "",
    () => narrativeOf(date, portfolio, regime, riskSummary, proposals),
    "nothing to narrate: no section was available",
  );
  return {
    briefing_date: date,
    action_items: actions,
    trade_proposals: proposals,
    market_snapshot: market,
    risk_summary: riskSummary,
    portfolio_state: portfolio,
    regime,
    top_signals: topSignals,
    agent_views: agentViews,
    signal_changes: changes,
    macro_narrative: narrative,
  };
}

function actionItems(
  input: MorningPackInput,
  regime: Section<Regime>,
  proposals: Section<PendingProposal[]>,
): ActionItem[] {
  const items: ActionItem[] = [];
  for (const a of input.risk?.alerts ?? []) {
    items.push({
      priority: a.severity === "BREACHED" ? 1 : 2,
      category: "RISK",
      title: `${a.limit} ${a.severity.toLowerCase()}`,
      detail: a.message,
    });
  }
  if (!isUnavailable(regime) && regime.changed) {
    items.push({
      priority: 1,
      category: "REGIME",
      title: `Regime changed to ${regime.regime}`,
      detail: `Was ${regime.previous}; score ${regime.score}, volatility ${regime.volatility}.`,
    });
  }
  if (!isUnavailable(proposals)) {
    for (const p of proposals) {
      items.push({
        priority: p.is_flip ? 1 : 2,
        category: "PROPOSAL",
        title: `${p.is_flip ? "Flip" : "Review"} proposal #${p.id}: ${p.direction} ${p.instrument}`,
        detail: `Conviction ${p.conviction.toFixed(2)}, ${brl(p.suggested_notional_brl)}. ${p.rationale}`,
      });
    }
  }
  for (const t of staleTickers(input.book?.positions ?? [])) {
    items.push({
      priority: 2,
      category: "PRICE",
      title: `Stale price: ${t}`,
      detail: `Open positions in ${t} are marked on a price more than 3 days old; supply a close or an override.`,
    });
  }
  return items.sort(
    (a, b) =>
      a.priority - b.priority ||
      CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
      (a.title < b.title ? -1 : 1),
  );
}

/** One view per signal source: how many signals, net direction and the most convinced ones. */
function agentViewsOf(signals: readonly Signal[]): Array<Record<string, unknown>> {
  const bySource = new Map<string, Signal[]>();
  for (const s of signals) {
    const k = s.signal_source ?? "manual";
    bySource.set(k, [...(bySource.get(k) ?? []), s]);
  }
  return [...bySource]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([agent, list]) => {
      const longs = list.filter((s) => s.direction === "LONG").length;
      const shorts = list.length - longs;
      return {
        agent,
        signals: list.length,
        longs,
        shorts,
        stance: longs > shorts ? "net long" : shorts > longs ? "net short" : "balanced",
        avg_conviction: list.reduce((a, s) => a + s.conviction, 0) / list.length,
        top: [...list]
          .sort((a, b) => b.conviction - a.conviction)
          .slice(0, 3)
          .map((s) => `${s.direction} ${s.instrument}`),
      };
    });
}

/** Per (instrument, source): NEW, DROPPED, FLIPPED, or CONVICTION moves of 0.10 or more. */
export function signalChanges(previous: readonly Signal[], current: readonly Signal[]): Array<Record<string, unknown>> {
  const key = (s: Signal) => `${s.instrument}|${s.signal_source ?? "manual"}`;
  const before = new Map(previous.map((s) => [key(s), s]));
  const after = new Map(current.map((s) => [key(s), s]));
  const out: Array<Record<string, unknown>> = [];
  for (const [k, s] of after) {
    const p = before.get(k);
    const base = {
      instrument: s.instrument,
      signal_source: s.signal_source ?? "manual",
      direction: s.direction,
      conviction: s.conviction,
    };
    if (!p) out.push({ ...base, change: "NEW" });
    else if (p.direction !== s.direction) out.push({ ...base, change: "FLIPPED", previous_direction: p.direction });
    else if (Math.abs(s.conviction - p.conviction) >= 0.1 - 1e-12)
      out.push({ ...base, change: "CONVICTION", previous_conviction: p.conviction });
  }
  for (const [k, p] of before) {
    if (!after.has(k))
      out.push({
        instrument: p.instrument,
        signal_source: p.signal_source ?? "manual",
        direction: p.direction,
        change: "DROPPED",
        previous_conviction: p.conviction,
      });
  }
  return out;
}

function narrativeOf(
  date: IsoDate,
  portfolio: Section<Record<string, unknown>>,
  regime: Section<Regime>,
  risk: Section<Record<string, unknown>>,
  proposals: Section<PendingProposal[]>,
): string | null {
  const parts: string[] = [];
  if (!isUnavailable(portfolio)) {
    const p = portfolio as Record<string, number>;
    parts.push(
      `As of ${date} the fund's NAV is ${brl(p.nav_brl as number)} across ${p.open_positions} open positions (gross leverage ${(p.leverage as number).toFixed(2)}x); P&L today ${brl(p.pnl_today_brl as number)}, month to date ${brl(p.pnl_mtd_brl as number)}, year to date ${brl(p.pnl_ytd_brl as number)}.`,
    );
  }
  if (!isUnavailable(regime)) {
    const reads = regime.reads.map((r) => `${r.factor} ${pct(r.change_20d_pct)} over 20 days`).join(", ");
    parts.push(
      `Markets read ${regime.regime.replace("_", "-").toLowerCase()} (${reads}; volatility ${regime.volatility.toLowerCase()})${regime.changed ? `, a change from ${regime.previous?.replace("_", "-").toLowerCase()}` : ""}.`,
    );
  }
  if (!isUnavailable(risk)) {
    const r = risk as Record<string, unknown>;
    const alerts = (r.alerts as unknown[]).length;
    parts.push(
      `Risk is ${String(r.overall_status)}: 1-day VaR95 ${(r.var_95_pct as number).toFixed(2)}% of NAV, drawdown ${(r.drawdown_pct as number).toFixed(2)}%, ${alerts} alert${alerts === 1 ? "" : "s"}.`,
    );
  }
  if (!isUnavailable(proposals)) {
    const top = proposals[0];
    parts.push(
      proposals.length === 0
        ? "No trade proposals are pending."
        : `${proposals.length} trade proposal${proposals.length === 1 ? " is" : "s are"} pending, led by ${top?.direction} ${top?.instrument} at conviction ${top?.conviction.toFixed(2)}.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : null;
}
