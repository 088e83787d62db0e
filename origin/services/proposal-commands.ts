// Proposal review (approve, modify-approve, reject) and generation. Approving opens the
// position (closing the opposite one first for a flip) inside the same write transaction.

import type { Approve, ModifyApprove, Signal } from "../../src/contract/index.ts";
import type { ProposalRecord } from "../db/proposals-repo.ts";
import { withoutDuplicates } from "../domain/proposal-lifecycle.ts";
import type { Direction, IsoDate } from "../domain/types.ts";
import { assertNotFuture, type DataContext } from "../http/data.ts";
import { conflict, notFound, OriginError } from "../http/errors.ts";
import { appendJournal } from "./journal-service.ts";
import {
  assertPreTrade,
  assertTradingAllowed,
  closePositionRecord,
  journalPosition,
  openPositionRecord,
} from "./position-commands.ts";
import { proposalsFor } from "./proposal-generation.ts";

function pending(d: DataContext, id: number): ProposalRecord {
  const p = d.repos.proposals.get(id, d.today);
  if (!p) throw notFound(`proposal ${id}`);
  if (p.status === "EXPIRED") throw conflict(`proposal ${id} expired on ${p.expires_on}`);
  if (p.status !== "PENDING") throw conflict(`proposal ${id} is ${p.status}, not PENDING`);
  return p;
}

interface Execution {
  direction: Direction;
  notional_brl: number;
  price: number;
  thesis: string;
  notes: string | null;
  target_price?: number;
  stop_loss?: number;
  time_horizon?: string;
  /** The request field carrying the notional (named in a pre-trade 422). */
  notionalField: string;
}

/** Opens the proposal's position; a flip first closes the opposite open position at the same price. */
function execute(d: DataContext, p: ProposalRecord, x: Execution, journalType: "OPEN" | "MODIFY") {
  if (p.is_flip && p.flip_position_id !== null && x.direction === p.direction) {
    const old = d.repos.positions.get(p.flip_position_id);
    if (old?.is_open) {
      const closed = closePositionRecord(d, old, x.price, d.today, `Closed by flip (proposal ${p.id})`);
      journalPosition(d, "CLOSE", closed, x.notes, `closed by flip of proposal ${p.id} at ${x.price}`, p.id);
    }
  }
  assertPreTrade(d, { direction: x.direction, notional_brl: x.notional_brl }, x.notionalField);
  const position = openPositionRecord(d, {
    instrument: p.instrument,
    asset_class: p.asset_class,
    direction: x.direction,
    notional_brl: x.notional_brl,
    execution_price: x.price,
    entry_date: d.today,
    strategy_ids: p.strategy_ids,
    manager_thesis: x.thesis,
    target_price: x.target_price ?? null,
    stop_loss: x.stop_loss ?? null,
    time_horizon: x.time_horizon ?? null,
    notes: x.notes,
  });
  journalPosition(
    d,
    journalType,
    position,
    x.notes,
    `${journalType === "OPEN" ? "approved" : "modified and approved"} proposal ${p.id}`,
    p.id,
  );
  return position;
}

export function approveProposal(d: DataContext, id: number, body: Approve): ProposalRecord {
  assertTradingAllowed(d);
  const p = pending(d, id);
  const notes = body.manager_notes ?? null;
  const position = execute(
    d,
    p,
    {
      direction: p.direction,
      notional_brl: body.execution_notional_brl,
      price: body.execution_price,
      thesis: body.manager_thesis ?? p.rationale,
      notes,
      target_price: body.target_price,
      stop_loss: body.stop_loss,
      time_horizon: body.time_horizon,
      notionalField: "execution_notional_brl",
    },
    "OPEN",
  );
  return d.repos.proposals.review(id, {
    status: "APPROVED",
    reviewed_by: d.actor.user,
    reviewed_at: d.at,
    notes,
    execution_price: body.execution_price,
    execution_notional_brl: body.execution_notional_brl,
    position_id: position.id,
  });
}

/**
 * Approves with changes. Without an execution price the position is executed at the latest
 * stored close (the Python PMS opened it without a price and broke /book); with no close
 * either, the request is refused with 422.
 */
export function modifyApproveProposal(d: DataContext, id: number, body: ModifyApprove): ProposalRecord {
  assertTradingAllowed(d);
  const p = pending(d, id);
  const price = body.execution_price ?? d.repos.market.closeOnOrBefore(p.instrument, d.today)?.close;
  if (price === undefined) {
    throw new OriginError("validation-failed", "no market price is known for the instrument", [
      { path: "execution_price", message: "required: no stored close for this instrument" },
    ]);
  }
  const direction = body.modified_direction ?? p.direction;
  const notional = body.modified_notional_brl ?? p.suggested_notional_brl;
  const changes = [
    direction !== p.direction ? `direction ${p.direction}→${direction}` : null,
    notional !== p.suggested_notional_brl ? `notional ${p.suggested_notional_brl}→${notional}` : null,
  ].filter(Boolean);
  const notes =
    [body.manager_notes, changes.length ? `Modified: ${changes.join(", ")}` : null].filter(Boolean).join("\n") || null;
  const position = execute(
    d,
    p,
    { direction, notional_brl: notional, price, thesis: p.rationale, notes, notionalField: "modified_notional_brl" },
    "MODIFY",
  );
  return d.repos.proposals.review(id, {
    status: "MODIFIED",
    reviewed_by: d.actor.user,
    reviewed_at: d.at,
    notes,
    execution_price: price,
    execution_notional_brl: notional,
    position_id: position.id,
  });
}

export function rejectProposal(d: DataContext, id: number, managerNotes: string): ProposalRecord {
  const p = pending(d, id);
  appendJournal(d, {
    entry_type: "REJECT",
    proposal_id: p.id,
    instrument: p.instrument,
    direction: p.direction,
    notional_brl: p.suggested_notional_brl,
    manager_notes: managerNotes,
    system_notes: `rejected proposal ${p.id} (conviction ${p.conviction})`,
  });
  return d.repos.proposals.review(id, {
    status: "REJECTED",
    reviewed_by: d.actor.user,
    reviewed_at: d.at,
    notes: managerNotes,
  });
}

/**
 * Stores the proposals the domain derives from the signals (or from its signal engine), less
 * those that repeat a live or just-rejected proposal (domain/proposal-lifecycle).
 */
export function generateProposals(d: DataContext, signals: Signal[] | undefined, asOf: IsoDate): ProposalRecord[] {
  assertNotFuture(d, asOf, "as_of_date");
  const drafts = withoutDuplicates(proposalsFor(d, signals, asOf), d.repos.proposals.list());
  return drafts.map((np) => d.repos.proposals.get(d.repos.proposals.insert(np).id, d.today)!);
}
