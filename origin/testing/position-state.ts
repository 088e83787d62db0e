// An open position as the domain functions take it, for unit tests: a plain long with no marks,
// costs or strategies. Each test file names what its cases rely on (asset class, size, entry).
import type { PositionState } from "../domain/types.ts";

export function positionState(over: Partial<PositionState> & Pick<PositionState, "id" | "instrument">): PositionState {
  return {
    asset_class: "FX",
    price_kind: "PRICE",
    direction: "LONG",
    notional_brl: 5_000_000,
    entry_price: 5,
    entry_date: "2025-11-17",
    entry_fx_rate: 5,
    current_price: null,
    is_open: true,
    closed_at: null,
    close_price: null,
    strategy_ids: [],
    strategy_weights: null,
    transaction_cost_brl: 0,
    realized_pnl_brl: 0,
    ...over,
  };
}
