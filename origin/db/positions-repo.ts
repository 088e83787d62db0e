// Positions table ↔ PositionState (origin/domain/types.ts) plus the columns only the payloads use.
import type { AssetClass, Direction, IsoDate, PositionState, PriceKind } from "../domain/types.ts";
import { fromJson, toFlag, toJson } from "./json-columns.ts";
import type { Db } from "./open.ts";

export interface PositionRecord extends PositionState {
  price_stale: boolean;
  unrealized_pnl_brl: number;
  entry_dv01: number | null;
  entry_delta: number | null;
  manager_thesis: string | null;
  target_price: number | null;
  stop_loss: number | null;
  time_horizon: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

interface PositionRow {
  id: number;
  instrument: string;
  asset_class: string;
  price_kind: string;
  direction: string;
  notional_brl: number;
  entry_price: number;
  entry_date: string;
  entry_fx_rate: number | null;
  current_price: number | null;
  last_mark_date: string | null;
  price_stale: number;
  unrealized_pnl_brl: number;
  realized_pnl_brl: number;
  transaction_cost_brl: number;
  is_open: number;
  closed_at: string | null;
  close_price: number | null;
  entry_dv01: number | null;
  entry_delta: number | null;
  strategy_ids: string;
  strategy_weights: string | null;
  rate_pct: number | null;
  business_days: number | null;
  manager_thesis: string | null;
  target_price: number | null;
  stop_loss: number | null;
  time_horizon: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: PositionRow): PositionRecord {
  return {
    ...r,
    asset_class: r.asset_class as AssetClass,
    price_kind: r.price_kind as PriceKind,
    direction: r.direction as Direction,
    is_open: r.is_open === 1,
    price_stale: r.price_stale === 1,
    strategy_ids: fromJson<string[]>(r.strategy_ids, []),
    strategy_weights: fromJson<Record<string, number> | null>(r.strategy_weights, null),
  };
}

function toRow(p: Omit<PositionRecord, "id">): Omit<PositionRow, "id"> {
  return {
    ...p,
    last_mark_date: p.last_mark_date ?? null,
    rate_pct: p.rate_pct ?? null,
    business_days: p.business_days ?? null,
    is_open: toFlag(p.is_open),
    price_stale: toFlag(p.price_stale),
    strategy_ids: JSON.stringify(p.strategy_ids),
    strategy_weights: toJson(p.strategy_weights),
  };
}

const COLUMNS = [
  "instrument",
  "asset_class",
  "price_kind",
  "direction",
  "notional_brl",
  "entry_price",
  "entry_date",
  "entry_fx_rate",
  "current_price",
  "last_mark_date",
  "price_stale",
  "unrealized_pnl_brl",
  "realized_pnl_brl",
  "transaction_cost_brl",
  "is_open",
  "closed_at",
  "close_price",
  "entry_dv01",
  "entry_delta",
  "strategy_ids",
  "strategy_weights",
  "rate_pct",
  "business_days",
  "manager_thesis",
  "target_price",
  "stop_loss",
  "time_horizon",
  "notes",
  "created_at",
  "updated_at",
] as const;

export class PositionsRepo {
  constructor(private readonly db: Db) {}

  insert(p: Omit<PositionRecord, "id">): number {
    const sql = `INSERT INTO positions (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`;
    return Number(this.db.prepare(sql).run(toRow(p)).lastInsertRowid);
  }

  /** Rewrites every mutable column of a stored position. */
  save(p: PositionRecord): void {
    const sets = COLUMNS.map((c) => `${c} = @${c}`).join(", ");
    this.db.prepare(`UPDATE positions SET ${sets} WHERE id = @id`).run({ ...toRow(p), id: p.id });
  }

  get(id: number): PositionRecord | undefined {
    const row = this.db.prepare<[number], PositionRow>("SELECT * FROM positions WHERE id = ?").get(id);
    return row && fromRow(row);
  }

  list(filter: { openOnly?: boolean; assetClass?: AssetClass } = {}): PositionRecord[] {
    const where: string[] = [];
    if (filter.openOnly) where.push("is_open = 1");
    if (filter.assetClass) where.push("asset_class = @assetClass");
    const sql = `SELECT * FROM positions ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id`;
    return this.db
      .prepare<Record<string, unknown>, PositionRow>(sql)
      .all({ assetClass: filter.assetClass })
      .map(fromRow);
  }

  /** Positions alive at some point of [start, end] (opened on/before end, not closed before start). */
  aliveBetween(start: IsoDate, end: IsoDate): PositionRecord[] {
    return this.db
      .prepare<[IsoDate, IsoDate], PositionRow>(
        "SELECT * FROM positions WHERE entry_date <= ? AND (closed_at IS NULL OR closed_at >= ?) ORDER BY id",
      )
      .all(end, start)
      .map(fromRow);
  }
}
