// Decision journal routes (#17–#20 of docs/contract.md).
import * as z from "zod";
import { DateRangeQuery } from "./portfolio.ts";
import { looseEnum, queryInt, text, ticker } from "./primitives.ts";

export const JOURNAL_ENTRY_TYPES = ["OPEN", "CLOSE", "REJECT", "MODIFY", "NOTE", "SYSTEM_EVENT"] as const;

/** GET /journal */
export const JournalQuery = z
  .object({
    entry_type: looseEnum(JOURNAL_ENTRY_TYPES).optional(),
    position_id: queryInt(1, 2_147_483_647).optional(),
    instrument: ticker.optional(),
    limit: queryInt(1, 500).default(50),
    offset: queryInt(0, 10_000_000).default(0),
  })
  .and(DateRangeQuery);

/** POST /journal/{id}/outcome */
export const OutcomeBody = z.object({
  outcome_notes: text(5),
  realized_pnl_assessment: looseEnum(["GOOD", "BAD", "NEUTRAL"] as const).optional(),
});
