// Positions as of a date, in the contract's Position shape (docs/contract.md §Portfolio, "Position"),
// with their figures from origin/domain/book.positionFigures.

import type { PositionRecord } from "../db/positions-repo.ts";
import type { Repos } from "../db/repos.ts";
import { positionFigures } from "../domain/book.ts";
import { FX_TICKER } from "../domain/mtm.ts";
import type { IsoDate } from "../domain/types.ts";

export interface PositionPayload {
  id: number;
  instrument: string;
  asset_class: PositionRecord["asset_class"];
  direction: PositionRecord["direction"];
  quantity: number;
  notional_brl: number;
  notional_usd: number | null;
  entry_price: number;
  entry_date: IsoDate;
  entry_fx_rate: number | null;
  current_price: number | null;
  unrealized_pnl_brl: number;
  unrealized_pnl_usd: number | null;
  realized_pnl_brl: number;
  realized_pnl_usd: number | null;
  transaction_cost_brl: number;
  is_open: boolean;
  closed_at: IsoDate | null;
  close_price: number | null;
  entry_dv01: number | null;
  entry_delta: number;
  strategy_ids: string[];
  strategy_weights: Record<string, number> | null;
  notes: string | null;
  price_stale: boolean;
  created_at: string;
  updated_at: string;
  manager_thesis: string | null;
  target_price: number | null;
  stop_loss: number | null;
  time_horizon: string | null;
}

export class PositionView {
  private readonly fx: number | null;
  private readonly snapshots;
  private readonly instruments;

  /** Loads what figures as of `asOf` need: the day's FX rate (one per MTM), latest snapshots and instruments. */
  constructor(
    repos: Repos,
    private readonly asOf: IsoDate,
  ) {
    // The rate the date's snapshots were marked at (an MTM's fx_rate), else the day's close.
    this.fx = repos.snapshots.dayFxRate(asOf) ?? repos.market.closeOnOrBefore(FX_TICKER, asOf)?.close ?? null;
    this.snapshots = repos.snapshots.latestOnOrBefore(asOf);
    this.instruments = new Map(repos.market.instruments().map((i) => [i.ticker, i]));
  }

  get fxRate(): number | null {
    return this.fx;
  }

  payload(p: PositionRecord): PositionPayload {
    const f = positionFigures(
      p,
      this.asOf,
      this.snapshots.get(p.id) ?? null,
      this.fx,
      this.instruments.get(p.instrument),
    );
    return {
      id: p.id,
      instrument: p.instrument,
      asset_class: p.asset_class,
      direction: p.direction,
      quantity: f.quantity,
      notional_brl: p.notional_brl,
      notional_usd: f.notional_usd,
      entry_price: p.entry_price,
      entry_date: p.entry_date,
      entry_fx_rate: p.entry_fx_rate,
      current_price: f.current_price,
      unrealized_pnl_brl: f.unrealized_pnl_brl,
      unrealized_pnl_usd: f.unrealized_pnl_usd,
      realized_pnl_brl: f.realized_pnl_brl,
      realized_pnl_usd: f.realized_pnl_usd,
      transaction_cost_brl: p.transaction_cost_brl,
      is_open: f.is_open,
      closed_at: f.is_open ? null : p.closed_at,
      close_price: f.is_open ? null : p.close_price,
      entry_dv01: f.entry_dv01,
      entry_delta: f.entry_delta,
      strategy_ids: p.strategy_ids,
      strategy_weights: p.strategy_weights,
      notes: p.notes,
      price_stale: f.price_stale,
      created_at: p.created_at,
      updated_at: p.updated_at,
      manager_thesis: p.manager_thesis,
      target_price: p.target_price,
      stop_loss: p.stop_loss,
      time_horizon: p.time_horizon,
    };
  }
}
