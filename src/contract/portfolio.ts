// Portfolio routes (#1–#10 of docs/contract.md): queries and bodies.
import * as z from "zod";
import {
  ASSET_CLASSES,
  asOfDate,
  DIRECTIONS,
  isoDate,
  looseEnum,
  positive,
  price,
  queryBool,
  text,
  ticker,
} from "./primitives.ts";

export const assetClass = looseEnum(ASSET_CLASSES);
export const direction = looseEnum(DIRECTIONS);

/** GET /book, GET /pnl/summary */
export const AsOfQuery = z.object({ as_of_date: asOfDate.optional() });

/** GET /book/positions */
export const PositionsQuery = z.object({
  asset_class: assetClass.optional(),
  is_open: queryBool.optional(),
});

/** A date window in a query; when both ends are given, start ≤ end. */
export const DateRangeQuery = z
  .object({ start_date: isoDate.optional(), end_date: isoDate.optional() })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
    message: "start_date must be on or before end_date",
    path: ["start_date"],
  });

const strategyIds = z.array(z.string().trim().min(1).max(64)).max(20);
const strategyWeights = z.record(z.string().trim().min(1).max(64), z.number().finite().min(0).max(1));

/** POST /book/positions/open */
export const OpenPositionBody = z.object({
  instrument: ticker,
  asset_class: assetClass,
  direction,
  notional_brl: positive.max(1e12),
  execution_price: price,
  entry_date: isoDate.optional(),
  manager_thesis: text(5),
  target_price: price.optional(),
  stop_loss: price.optional(),
  time_horizon: z.string().trim().max(64).optional(),
  strategy_ids: strategyIds.default([]),
  strategy_weights: strategyWeights.optional(),
  rate_pct: z.number().finite().min(-10).max(100).optional(),
  business_days: z.number().int().min(1).max(20_000).optional(),
  entry_fx_rate: price.optional(),
});
export type OpenPosition = z.infer<typeof OpenPositionBody>;

/** POST /book/positions/{id}/close */
export const ClosePositionBody = z.object({
  close_price: price,
  close_date: isoDate.optional(),
  manager_notes: z.string().trim().max(4000).optional(),
  outcome_notes: z.string().trim().max(4000).optional(),
});
export type ClosePosition = z.infer<typeof ClosePositionBody>;

/** POST /book/positions/{id}/update-price */
export const UpdatePriceBody = z.object({ price: price });

/** POST /mtm */
export const MtmBody = z.object({
  price_overrides: z.record(ticker, price).default({}),
  fx_rate: price.optional(),
});
export type Mtm = z.infer<typeof MtmBody>;
