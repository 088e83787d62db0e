// Pipeline routes (#33–#34, ADMIN). The trigger runs MTM, proposals and the morning pack at the
// origin, so it bumps every tag they feed and refreshes book, risk and the pack.
import { Hono } from "hono";
import { writeThrough } from "../cache/write-through.ts";
import type { AppEnv } from "../env.ts";
import { forward } from "./forward.ts";

export const pipeline = new Hono<AppEnv>()
  .post("/pipeline/trigger", writeThrough("pipeline-trigger"), forward)
  .post("/pipeline/backfill-returns", writeThrough("backfill-returns"), forward);
