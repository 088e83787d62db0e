// Trade blotter routes (#11–#16 of docs/contract.md).
import * as z from "zod";
import { assetClass, direction } from "./portfolio.ts";
import { isoDate, looseEnum, positive, price, text, ticker } from "./primitives.ts";

export const PROPOSAL_STATUSES = ["PENDING", "APPROVED", "REJECTED", "MODIFIED", "EXPIRED"] as const;

/** GET /trades/proposals */
export const ProposalsQuery = z.object({
  status: looseEnum(PROPOSAL_STATUSES).optional(),
  date: isoDate.optional(),
});

const optionalNotes = z.string().trim().max(4000).optional();

/** POST /trades/proposals/{id}/approve */
export const ApproveBody = z.object({
  execution_price: price,
  execution_notional_brl: positive.max(1e12),
  manager_notes: optionalNotes,
  manager_thesis: optionalNotes,
  target_price: price.optional(),
  stop_loss: price.optional(),
  time_horizon: z.string().trim().max(64).optional(),
});
export type Approve = z.infer<typeof ApproveBody>;

/** POST /trades/proposals/{id}/reject */
export const RejectBody = z.object({ manager_notes: text(3) });

/** POST /trades/proposals/{id}/modify-approve */
export const ModifyApproveBody = z.object({
  modified_direction: direction.optional(),
  modified_notional_brl: positive.max(1e12).optional(),
  execution_price: price.optional(),
  manager_notes: optionalNotes,
});
export type ModifyApprove = z.infer<typeof ModifyApproveBody>;

export const SignalInput = z.object({
  instrument: ticker,
  asset_class: assetClass,
  direction,
  conviction: z.number().finite().min(0).max(1),
  strategy_ids: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  signal_source: z.string().trim().max(64).optional(),
  suggested_notional_brl: positive.max(1e12).optional(),
});
export type Signal = z.infer<typeof SignalInput>;

/** POST /trades/proposals/generate */
export const GenerateProposalsBody = z.object({
  signals: z.array(SignalInput).max(100).optional(),
  as_of_date: isoDate.optional(),
});
