// Portfolio commands (open, close, update-price, MTM) and the positions list. Each command runs
// inside the caller's write transaction (writeData), so a failure anywhere leaves no trace.

import type { ClosePosition, OpenPosition } from "../../src/contract/index.ts";
import type { PositionRecord } from "../db/positions-repo.ts";
import { isOpenOn } from "../domain/book.ts";
import { addCalendarDays } from "../domain/calendar.ts";
import { FX_TICKER, runMtmRange } from "../domain/mtm.ts";
import { exposure, navOn } from "../domain/nav.ts";
import { preTradeBreach } from "../domain/pre-trade.ts";
import { closePosition } from "../domain/pricing.ts";
import type { AssetClass, Direction, IsoDate } from "../domain/types.ts";
import { assertNotFuture, type DataContext } from "../http/data.ts";
import { conflict, notFound, OriginError } from "../http/errors.ts";
import { appendJournal } from "./journal-service.ts";
import { applyMarks, markPositions, priceIndexUpTo } from "./marking.ts";
import { newPosition, type OpenArgs } from "./position-factory.ts";
import { type PositionPayload, PositionView } from "./position-view.ts";
import { recordRiskPoint } from "./risk-service.ts";

export function listPositions(d: DataContext, assetClass: AssetClass | undefined, isOpen: boolean): PositionPayload[] {
  const view = new PositionView(d.repos, d.today);
  return d.repos.positions
    .list({ assetClass })
    .filter((p) => p.is_open === isOpen)
    .map((p) => view.payload(p));
}

function payloadOf(d: DataContext, p: PositionRecord): PositionPayload {
  return new PositionView(d.repos, p.closed_at && p.closed_at > d.today ? p.closed_at : d.today).payload(p);
}

function mustGet(d: DataContext, id: number): PositionRecord {
  const p = d.repos.positions.get(id);
  if (!p) throw notFound(`position ${id}`);
  return p;
}

/** 409 while the emergency stop is active (opens, approvals and modify-approvals). */
export function assertTradingAllowed(d: DataContext): void {
  if (d.repos.state.emergencyStop().active) throw conflict("emergency stop is active: new risk is frozen");
}

/**
 * 422 naming the limit when the trade would breach a hard limit (domain/pre-trade), judged on
 * today's NAV and open book; `field` is the request field that carries the notional.
 */
export function assertPreTrade(
  d: DataContext,
  trade: { direction: Direction; notional_brl: number },
  field = "notional_brl",
): void {
  const open = d.repos.positions.list({ openOnly: true }).filter((p) => isOpenOn(p, d.today));
  const e = exposure(open);
  const breach = preTradeBreach({
    nav_brl: navOn(d.config.capitalBrl, d.repos.snapshots.dailyPnl(d.today), d.today),
    gross_brl: e.gross_brl,
    net_brl: e.net_brl,
    trade,
    limits: d.config.limits,
    max_notional_nav_multiple: d.config.maxPositionNavMultiple,
  });
  if (breach) {
    throw new OriginError("validation-failed", `pre-trade check failed: ${breach.limit}: ${breach.detail}`, [
      { path: field, message: `breaches ${breach.limit}: ${breach.detail}` },
    ]);
  }
}

/**
 * Opens a position and marks it: at its execution price on the entry date (the traded price is
 * that day's mark), then, for a back-dated entry, every later day up to today by the MTM engine.
 */
export function openPositionRecord(
  d: DataContext,
  args: Omit<OpenArgs, "at" | "entry_fx_rate"> & { entry_fx_rate?: number | null },
): PositionRecord {
  assertNotFuture(d, args.entry_date, "entry_date");
  const fx = args.entry_fx_rate ?? d.repos.market.closeOnOrBefore(FX_TICKER, args.entry_date)?.close ?? null;
  const record = newPosition({ ...args, entry_fx_rate: fx, at: d.at }, d.repos.market.instrument(args.instrument));
  const position: PositionRecord = { ...record, id: d.repos.positions.insert(record) };
  const entry = markPositions(d.repos, args.entry_date, {
    positions: [position],
    overrides: { [position.instrument]: position.entry_price },
    at: d.at,
  });
  if (args.entry_date < d.today) {
    const later = runMtmRange({
      positions: [position],
      index: priceIndexUpTo(d.repos, d.today),
      start: addCalendarDays(args.entry_date, 1),
      end: d.today,
      previous: new Map(entry.snapshots.map((s) => [s.position_id, s])),
    });
    d.repos.snapshots.upsert(later);
    // Keep the stored mark in step with the position's last snapshot.
    const last = later.at(-1);
    if (last) applyMarks(d.repos, [position], [last], d.at);
  }
  return d.repos.positions.get(position.id)!;
}

export function openPositionCmd(d: DataContext, body: OpenPosition): PositionPayload {
  assertTradingAllowed(d);
  assertPreTrade(d, body);
  const position = openPositionRecord(d, {
    ...body,
    entry_date: body.entry_date ?? d.today,
    entry_fx_rate: body.entry_fx_rate ?? null,
  });
  journalPosition(d, "OPEN", position, body.manager_thesis, `opened ${position.direction} ${position.instrument}`);
  return payloadOf(d, position);
}

/** Closes a position at a price: realized P&L from domain/pricing, that day's snapshot rewritten. */
export function closePositionRecord(
  d: DataContext,
  p: PositionRecord,
  closePrice: number,
  closeDate: IsoDate,
  notes?: string,
): PositionRecord {
  if (!p.is_open) throw conflict(`position ${p.id} is already closed`);
  assertNotFuture(d, closeDate, "close_date");
  if (closeDate < p.entry_date) {
    throw new OriginError("validation-failed", "close_date is before the entry date", [
      { path: "close_date", message: `must be on or after ${p.entry_date}` },
    ]);
  }
  const result = closePosition(p, closePrice);
  const closed: PositionRecord = {
    ...p,
    is_open: false,
    closed_at: closeDate,
    close_price: closePrice,
    current_price: closePrice,
    last_mark_date: closeDate,
    price_stale: false,
    unrealized_pnl_brl: 0,
    realized_pnl_brl: result.realized_pnl_brl,
    transaction_cost_brl: result.transaction_cost_brl,
    notes: [p.notes, notes].filter(Boolean).join("\n") || null,
    updated_at: d.at,
  };
  d.repos.positions.save(closed);
  // A close dated in the past ends the position's history on that day.
  d.repos.snapshots.deleteAfter(p.id, closeDate);
  const { snapshots } = markPositions(d.repos, closeDate, { positions: [closed], at: d.at });
  // The close snapshot chains the path (a DI1's CDI settlements): its realized P&L is the one.
  const realized = snapshots[0]?.realized_pnl_brl;
  if (realized === undefined || realized === closed.realized_pnl_brl) return closed;
  const settled = { ...closed, realized_pnl_brl: realized };
  d.repos.positions.save(settled);
  return settled;
}

export function closePositionCmd(d: DataContext, id: number, body: ClosePosition): PositionPayload {
  const p = mustGet(d, id);
  const notes = [body.manager_notes, body.outcome_notes && `Outcome: ${body.outcome_notes}`].filter(Boolean).join("\n");
  const closed = closePositionRecord(d, p, body.close_price, body.close_date ?? d.today, notes || undefined);
  journalPosition(
    d,
    "CLOSE",
    closed,
    body.manager_notes ?? null,
    `closed at ${body.close_price}; realized ${closed.realized_pnl_brl.toFixed(2)} BRL`,
  );
  return payloadOf(d, closed);
}

export function updatePriceCmd(d: DataContext, id: number, price: number): PositionPayload {
  const p = mustGet(d, id);
  if (!p.is_open) throw conflict(`position ${id} is closed`);
  markPositions(d.repos, d.today, { positions: [p], overrides: { [p.instrument]: price }, at: d.at });
  recordRiskPoint(d, d.today);
  return payloadOf(d, mustGet(d, id));
}

export function markToMarket(
  d: DataContext,
  overrides: Record<string, number>,
  fxRate: number | null,
): { status: "ok"; updated_count: number; positions: PositionPayload[] } {
  const held = new Set(d.repos.positions.list({ openOnly: true }).map((p) => p.instrument));
  const unknown = Object.keys(overrides).filter((t) => !held.has(t) && !d.repos.market.instrument(t));
  if (unknown.length > 0) {
    throw new OriginError(
      "validation-failed",
      "price_overrides names unknown tickers",
      unknown.map((t) => ({ path: `price_overrides.${t}`, message: "not an instrument of the fund" })),
    );
  }
  const { updated } = markPositions(d.repos, d.today, { overrides, fxOverride: fxRate, at: d.at });
  recordRiskPoint(d, d.today);
  const view = new PositionView(d.repos, d.today);
  return { status: "ok", updated_count: updated.length, positions: updated.map((p) => view.payload(p)) };
}

export function journalPosition(
  d: DataContext,
  type: "OPEN" | "CLOSE" | "MODIFY",
  p: PositionRecord,
  managerNotes: string | null,
  systemNotes: string,
  proposalId: number | null = null,
): void {
  appendJournal(d, {
    entry_type: type,
    position_id: p.id,
    proposal_id: proposalId,
    instrument: p.instrument,
    direction: p.direction as Direction,
    notional_brl: p.notional_brl,
    entry_price: type === "CLOSE" ? p.close_price : p.entry_price,
    manager_notes: managerNotes,
    system_notes: systemNotes,
  });
}
