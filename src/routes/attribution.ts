// Attribution routes (#30–#32). /attribution is the attribution tier: one entry per canonical
// period (and dates for custom), all made unreachable at once by the portfolio generation.
import { Hono } from "hono";
import { tierCache } from "../cache/tier-cache.ts";
import { AttributionQuery, BestWorstQuery, DateRangeQuery } from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

export const attribution = new Hono<AppEnv>()
  .get("/attribution", validate("query", AttributionQuery), tierCache(), forward)
  .get("/attribution/equity-curve", validate("query", DateRangeQuery), forward)
  .get("/attribution/best-worst", validate("query", BestWorstQuery), forward);
