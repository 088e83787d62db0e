// Pipeline routes (#33–#34 of docs/contract.md), ADMIN only.
import { Hono } from "hono";
import type { OriginEnv } from "../app-env.ts";
import { writeData } from "../http/data.ts";
import { jsonBody, NoBody } from "../http/validate.ts";
import { backfillReturns, runPipeline } from "../services/pipeline.ts";

export function pipelineRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();
  r.post("/trigger", async (c) => {
    await jsonBody(c, NoBody);
    return c.json(writeData(c, "pipeline", (d) => runPipeline(d)));
  });
  r.post("/backfill-returns", async (c) => {
    await jsonBody(c, NoBody);
    return c.json(writeData(c, "backfill-returns", (d) => backfillReturns(d)));
  });
  return r;
}
