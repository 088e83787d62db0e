// Builds the stored record of a newly opened position (route "open", proposal approvals, the
// seed): entry cost, DV01 and delta come from origin/domain/pricing.

import type { PositionRecord } from "../db/positions-repo.ts";
import { defaultPriceKind, entryDelta, entryDv01, transactionCostBrl } from "../domain/pricing.ts";
import type { AssetClass, Direction, Instrument, IsoDate } from "../domain/types.ts";

export interface OpenArgs {
  instrument: string;
  asset_class: AssetClass;
  direction: Direction;
  notional_brl: number;
  execution_price: number;
  entry_date: IsoDate;
  entry_fx_rate: number | null;
  strategy_ids: string[];
  strategy_weights?: Record<string, number> | null;
  manager_thesis?: string | null;
  target_price?: number | null;
  stop_loss?: number | null;
  time_horizon?: string | null;
  rate_pct?: number | null;
  business_days?: number | null;
  notes?: string | null;
  /** ISO timestamp of the write. */
  at: string;
}

export function newPosition(a: OpenArgs, instrument: Instrument | undefined): Omit<PositionRecord, "id"> {
  const base = {
    instrument: a.instrument,
    asset_class: a.asset_class,
    price_kind: instrument?.price_kind ?? defaultPriceKind(a.instrument),
    direction: a.direction,
    notional_brl: a.notional_brl,
    entry_price: a.execution_price,
    entry_date: a.entry_date,
    rate_pct: a.rate_pct ?? null,
    business_days: a.business_days ?? null,
  };
  return {
    ...base,
    entry_fx_rate: a.entry_fx_rate,
    current_price: a.execution_price,
    last_mark_date: a.entry_date,
    price_stale: false,
    unrealized_pnl_brl: 0,
    realized_pnl_brl: 0,
    transaction_cost_brl: transactionCostBrl(a.instrument, a.notional_brl),
    is_open: true,
    closed_at: null,
    close_price: null,
    entry_dv01: entryDv01(base, instrument),
    entry_delta: entryDelta(base),
    strategy_ids: a.strategy_ids,
    strategy_weights: a.strategy_weights ?? null,
    manager_thesis: a.manager_thesis ?? null,
    target_price: a.target_price ?? null,
    stop_loss: a.stop_loss ?? null,
    time_horizon: a.time_horizon ?? null,
    notes: a.notes ?? null,
    created_at: a.at,
    updated_at: a.at,
  };
}
