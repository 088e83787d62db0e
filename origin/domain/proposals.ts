// Trade proposals from signals (docs/contract.md route 16).
//
// Rules: keep signals with conviction ≥ 0.55; one per instrument (the most convinced); the
// top 5 by conviction (ties by instrument name). A proposal is a flip when its conviction is
// ≥ 0.60 and an open position in the same instrument points the other way (approving it
// closes that position first). A weaker opposing signal is still proposed, not as a flip,
// and its rationale says so. Suggested notional: the signal's own, else NAV × 5 % ×
// conviction rounded to 100,000 BRL (at least 100,000).
import { exposure, perNav } from "./nav.ts";
import type { AssetClass, Direction, IsoDate, PositionState, Signal } from "./types.ts";

export const MIN_CONVICTION = 0.55;
export const FLIP_CONVICTION = 0.6;
export const MAX_PROPOSALS = 5;
export const BASE_NOTIONAL_PCT_NAV = 5;

export type OpenPositionRef = Pick<PositionState, "id" | "instrument" | "asset_class" | "direction" | "notional_brl">;

export interface RiskImpact {
  gross_before_brl: number;
  gross_after_brl: number;
  net_before_brl: number;
  net_after_brl: number;
  leverage_before: number;
  leverage_after: number;
  /** The asset class's share of gross after the trade, percent. */
  asset_class_share_after_pct: number;
  /** The position a flip closes first, else null. */
  closes_position_id: number | null;
}

export interface ProposalDraft {
  instrument: string;
  asset_class: AssetClass;
  direction: Direction;
  suggested_notional_brl: number;
  conviction: number;
  signal_source: string;
  strategy_ids: string[];
  rationale: string;
  risk_impact: RiskImpact;
  is_flip: boolean;
  /** For a flip: the open position in the opposite direction that approval closes first. */
  flip_position_id: number | null;
  as_of_date: IsoDate;
}

export function defaultNotional(navBrl: number, conviction: number): number {
  const raw = (navBrl * BASE_NOTIONAL_PCT_NAV * conviction) / 100;
  return Math.max(100_000, Math.round(raw / 100_000) * 100_000);
}

/** The signals that become proposals, in order. */
export function selectSignals(signals: readonly Signal[]): Signal[] {
  const best = new Map<string, Signal>();
  for (const s of signals) {
    if (!Number.isFinite(s.conviction) || s.conviction < MIN_CONVICTION) continue;
    const seen = best.get(s.instrument);
    if (!seen || s.conviction > seen.conviction) best.set(s.instrument, s);
  }
  return [...best.values()]
    .sort(
      (a, b) => b.conviction - a.conviction || (a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : 0),
    )
    .slice(0, MAX_PROPOSALS);
}

function riskImpact(
  open: readonly OpenPositionRef[],
  trade: OpenPositionRef,
  closes: OpenPositionRef | null,
  navBrl: number,
): RiskImpact {
  const before = exposure(open);
  const afterBook = [...open.filter((p) => p !== closes), trade];
  const after = exposure(afterBook);
  const classGross = exposure(afterBook.filter((p) => p.asset_class === trade.asset_class)).gross_brl;
  return {
    gross_before_brl: before.gross_brl,
    gross_after_brl: after.gross_brl,
    net_before_brl: before.net_brl,
    net_after_brl: after.net_brl,
    leverage_before: perNav(before.gross_brl, navBrl),
    leverage_after: perNav(after.gross_brl, navBrl),
    asset_class_share_after_pct: after.gross_brl > 0 ? (classGross / after.gross_brl) * 100 : 0,
    closes_position_id: closes?.id ?? null,
  };
}

const brl = (x: number) => `BRL ${Math.round(x).toLocaleString("en-US")}`;

export function buildProposals(args: {
  signals: readonly Signal[];
  open_positions: readonly OpenPositionRef[];
  nav_brl: number;
  as_of_date: IsoDate;
}): ProposalDraft[] {
  return selectSignals(args.signals).map((s) => {
    const sameInstrument = args.open_positions.filter((p) => p.instrument === s.instrument);
    const opposite =
      sameInstrument.filter((p) => p.direction !== s.direction).sort((a, b) => b.notional_brl - a.notional_brl)[0] ??
      null;
    const sameSide = sameInstrument.filter((p) => p.direction === s.direction);
    const isFlip = opposite !== null && s.conviction >= FLIP_CONVICTION;
    const notional = s.suggested_notional_brl ?? defaultNotional(args.nav_brl, s.conviction);
    const source = s.signal_source ?? "manual";
    const trade: OpenPositionRef = {
      id: -1,
      instrument: s.instrument,
      asset_class: s.asset_class,
      direction: s.direction,
      notional_brl: notional,
    };
    const impact = riskImpact(args.open_positions, trade, isFlip ? opposite : null, args.nav_brl);
    const parts = [
      `${source} signal: ${s.direction} ${s.instrument} (${s.asset_class}) with conviction ${s.conviction.toFixed(2)}`,
      s.metrics
        ? `(${Object.entries(s.metrics)
            .map(([k, v]) => `${k} ${Number(v.toFixed(4))}`)
            .join(", ")})`
        : "",
      `; suggested notional ${brl(notional)}.`,
    ];
    if (isFlip && opposite)
      parts.push(
        ` Flip: closes open ${opposite.direction} position #${opposite.id} (${brl(opposite.notional_brl)}) first.`,
      );
    else if (opposite)
      parts.push(
        ` Opposes open ${opposite.direction} position #${opposite.id}, but conviction is below ${FLIP_CONVICTION.toFixed(2)}: not a flip.`,
      );
    if (sameSide.length > 0) parts.push(` Adds to ${sameSide.length} open ${s.direction} position(s).`);
    parts.push(
      ` Gross leverage ${impact.leverage_before.toFixed(2)}x → ${impact.leverage_after.toFixed(2)}x; ${s.asset_class} ${impact.asset_class_share_after_pct.toFixed(1)}% of gross after.`,
    );
    return {
      instrument: s.instrument,
      asset_class: s.asset_class,
      direction: s.direction,
      suggested_notional_brl: notional,
      conviction: s.conviction,
      signal_source: source,
      strategy_ids: s.strategy_ids ?? [],
      rationale: parts.join(""),
      risk_impact: impact,
      is_flip: isFlip,
      flip_position_id: isFlip && opposite ? opposite.id : null,
      as_of_date: args.as_of_date,
    };
  });
}
