// Attribution routes (#30–#32 of docs/contract.md).
import * as z from "zod";
import { asOfDate, isoDate, looseEnum, queryInt } from "./primitives.ts";

// Canonical spellings are lower-case; the query is matched case-insensitively (the Python PMS
// lower-cased keys while its engine was case-sensitive, so `mtd` cached a daily result).
export const ATTRIBUTION_PERIODS = ["daily", "wtd", "mtd", "qtd", "ytd", "inception", "custom"] as const;
export type AttributionPeriod = (typeof ATTRIBUTION_PERIODS)[number];

/**
 * GET /attribution. Output is canonical: `custom` carries both dates (start ≤ end); every other
 * period is relative to `as_of_date` (default: the fund's today) and drops start/end, which do
 * not change its window. The edge always sends `as_of_date` for relative periods, so that the
 * origin computes the window of the date the cache key names (docs/cache-protocol.md §Reads).
 */
export const AttributionQuery = z
  .object({
    period: looseEnum(ATTRIBUTION_PERIODS).default("mtd"),
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    as_of_date: asOfDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.period !== "custom") return;
    if (!q.start_date) ctx.addIssue({ code: "custom", path: ["start_date"], message: "required for period=custom" });
    if (!q.end_date) ctx.addIssue({ code: "custom", path: ["end_date"], message: "required for period=custom" });
    if (q.start_date && q.end_date && q.start_date > q.end_date) {
      ctx.addIssue({ code: "custom", path: ["start_date"], message: "start_date must be on or before end_date" });
    }
  })
  .transform((q) =>
    q.period === "custom"
      ? { period: q.period, start_date: q.start_date, end_date: q.end_date }
      : { period: q.period, ...(q.as_of_date ? { as_of_date: q.as_of_date } : {}) },
  );
export type AttributionParams = z.infer<typeof AttributionQuery>;

/** GET /attribution/best-worst */
export const BestWorstQuery = z.object({ n: queryInt(1, 100).default(10) });
