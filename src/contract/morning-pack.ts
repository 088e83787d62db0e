// Morning pack routes (#21–#24 of docs/contract.md).
import * as z from "zod";
import { isoDate, queryInt } from "./primitives.ts";

/** POST /morning-pack/generate */
export const GeneratePackBody = z.object({
  briefing_date: isoDate.optional(),
  force: z.boolean().default(false),
});

/** GET /morning-pack/history, GET /risk/trend: calendar days back from today. */
export const DaysQuery = z.object({ days: queryInt(1, 365).default(30) });
