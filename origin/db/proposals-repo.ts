// Trade proposals (the blotter). risk_impact is a JSON object computed when the proposal is made.
import { PROPOSAL_STATUSES } from "../../src/contract/trades.ts";
import { effectiveStatus, expiresOn } from "../domain/proposal-lifecycle.ts";
import type { ProposalDraft } from "../domain/proposals.ts";
import type { IsoDate } from "../domain/types.ts";
import { fromJson, toFlag } from "./json-columns.ts";
import type { Db } from "./open.ts";

export { PROPOSAL_STATUSES };
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A stored proposal: the domain's draft plus its review state (risk_impact as stored JSON). */
export interface ProposalRecord extends Omit<ProposalDraft, "risk_impact"> {
  id: number;
  risk_impact: Record<string, unknown>;
  status: ProposalStatus;
  /** Last date it can be reviewed (domain/proposal-lifecycle); after it, it reads as EXPIRED. */
  expires_on: IsoDate;
  execution_price: number | null;
  execution_notional_brl: number | null;
  position_id: number | null;
  notes: string | null;
  reviewed_by: string | null;
  created_at: string;
  reviewed_at: string | null;
}

export type NewProposal = Omit<
  ProposalRecord,
  | "id"
  | "status"
  | "expires_on"
  | "execution_price"
  | "execution_notional_brl"
  | "position_id"
  | "notes"
  | "reviewed_by"
  | "reviewed_at"
>;

type ProposalRow = Omit<ProposalRecord, "strategy_ids" | "risk_impact" | "is_flip"> & {
  strategy_ids: string;
  risk_impact: string;
  is_flip: number;
};

/** A row as a record; with `today`, a PENDING proposal past its expiry reads as EXPIRED. */
function fromRow(r: ProposalRow, today?: IsoDate): ProposalRecord {
  // Rows stored before proposals expired carry no expiry: derive it from their date.
  const expires = r.expires_on || expiresOn(r.as_of_date);
  return {
    ...r,
    status: today ? effectiveStatus({ status: r.status, expires_on: expires }, today) : r.status,
    expires_on: expires,
    strategy_ids: fromJson<string[]>(r.strategy_ids, []),
    risk_impact: fromJson<Record<string, unknown>>(r.risk_impact, {}),
    is_flip: r.is_flip === 1,
  };
}

export class ProposalsRepo {
  constructor(private readonly db: Db) {}

  insert(p: NewProposal): ProposalRecord {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO proposals (instrument, asset_class, direction, suggested_notional_brl, conviction, signal_source,
             strategy_ids, rationale, risk_impact, is_flip, flip_position_id, as_of_date, expires_on, created_at)
           VALUES (@instrument, @asset_class, @direction, @suggested_notional_brl, @conviction, @signal_source,
             @strategy_ids, @rationale, @risk_impact, @is_flip, @flip_position_id, @as_of_date, @expires_on, @created_at)`,
        )
        .run({
          ...p,
          strategy_ids: JSON.stringify(p.strategy_ids),
          risk_impact: JSON.stringify(p.risk_impact),
          is_flip: toFlag(p.is_flip),
          expires_on: expiresOn(p.as_of_date),
        }).lastInsertRowid,
    );
    return this.get(id)!;
  }

  /** Records a review: status, who, when, and the execution when there is one. */
  review(
    id: number,
    r: Pick<ProposalRecord, "status" | "reviewed_by" | "reviewed_at" | "notes"> &
      Partial<Pick<ProposalRecord, "execution_price" | "execution_notional_brl" | "position_id" | "direction">>,
  ): ProposalRecord {
    this.db
      .prepare(
        `UPDATE proposals SET status = @status, reviewed_by = @reviewed_by, reviewed_at = @reviewed_at, notes = @notes,
           execution_price = @execution_price, execution_notional_brl = @execution_notional_brl,
           position_id = @position_id, direction = COALESCE(@direction, direction)
         WHERE id = @id`,
      )
      .run({ execution_price: null, execution_notional_brl: null, position_id: null, direction: null, ...r, id });
    return this.get(id)!;
  }

  /** With `today`, the status is the effective one (EXPIRED past the expiry). */
  get(id: number, today?: IsoDate): ProposalRecord | undefined {
    const row = this.db.prepare<[number], ProposalRow>("SELECT * FROM proposals WHERE id = ?").get(id);
    return row && fromRow(row, today);
  }

  /** Newest first. With `today`, statuses (and the status filter) are the effective ones. */
  list(filter: { status?: ProposalStatus; date?: IsoDate } = {}, today?: IsoDate): ProposalRecord[] {
    const sql = `SELECT * FROM proposals ${filter.date ? "WHERE as_of_date = @date" : ""} ORDER BY id DESC`;
    return this.db
      .prepare<Record<string, unknown>, ProposalRow>(sql)
      .all({ date: filter.date })
      .map((r) => fromRow(r, today))
      .filter((p) => !filter.status || p.status === filter.status);
  }
}
