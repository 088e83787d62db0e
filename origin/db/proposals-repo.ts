// Trade proposals (the blotter). risk_impact is a JSON object computed when the proposal is made.
import { PROPOSAL_STATUSES } from "../../src/contract/trades.ts";
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

function fromRow(r: ProposalRow): ProposalRecord {
  return {
    ...r,
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
             strategy_ids, rationale, risk_impact, is_flip, flip_position_id, as_of_date, created_at)
           VALUES (@instrument, @asset_class, @direction, @suggested_notional_brl, @conviction, @signal_source,
             @strategy_ids, @rationale, @risk_impact, @is_flip, @flip_position_id, @as_of_date, @created_at)`,
        )
        .run({
          ...p,
          strategy_ids: JSON.stringify(p.strategy_ids),
          risk_impact: JSON.stringify(p.risk_impact),
          is_flip: toFlag(p.is_flip),
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

  get(id: number): ProposalRecord | undefined {
    const row = this.db.prepare<[number], ProposalRow>("SELECT * FROM proposals WHERE id = ?").get(id);
    return row && fromRow(row);
  }

  list(filter: { status?: ProposalStatus; date?: IsoDate } = {}): ProposalRecord[] {
    const where: string[] = [];
    if (filter.status) where.push("status = @status");
    if (filter.date) where.push("as_of_date = @date");
    const sql = `SELECT * FROM proposals ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC`;
    return this.db
      .prepare<Record<string, unknown>, ProposalRow>(sql)
      .all({ ...filter })
      .map(fromRow);
  }
}
