// Attribution routes (#30–#32 of docs/contract.md).
import { Hono } from "hono";
import { AttributionQuery, BestWorstQuery, DateRangeQuery } from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { readData } from "../http/data.ts";
import { query } from "../http/validate.ts";
import { attribution, attributionCurve, bestWorstPositions } from "../services/attribution-service.ts";

export function attributionRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  r.get("/", (c) => {
    const q = query(c, AttributionQuery);
    return c.json(readData(c, (d) => attribution(d, q)));
  });

  r.get("/equity-curve", (c) => {
    const q = query(c, DateRangeQuery);
    return c.json(readData(c, (d) => attributionCurve(d, q.start_date, q.end_date)));
  });

  r.get("/best-worst", (c) => {
    const q = query(c, BestWorstQuery);
    return c.json(readData(c, (d) => bestWorstPositions(d, q.n)));
  });

  return r;
}
