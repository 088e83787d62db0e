// Portfolio routes (#1–#10 of docs/contract.md). /book is the "book" tier; every write bumps the
// portfolio tag and refreshes book and risk (docs/architecture.md §Tiers and writes).
import { Hono } from "hono";
import { tierCache } from "../cache/tier-cache.ts";
import { writeThrough } from "../cache/write-through.ts";
import {
  AsOfQuery,
  ClosePositionBody,
  DateRangeQuery,
  idParam,
  MtmBody,
  OpenPositionBody,
  PositionsQuery,
  UpdatePriceBody,
} from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

export const portfolio = new Hono<AppEnv>()
  .get("/book", validate("query", AsOfQuery), tierCache(), forward)
  .get("/book/positions", validate("query", PositionsQuery), forward)
  .post("/book/positions/open", validate("json", OpenPositionBody), writeThrough("open"), forward)
  .post(
    "/book/positions/:id/close",
    validate("param", idParam),
    validate("json", ClosePositionBody),
    writeThrough("close"),
    forward,
  )
  .post(
    "/book/positions/:id/update-price",
    validate("param", idParam),
    validate("json", UpdatePriceBody),
    writeThrough("update-price"),
    forward,
  )
  .post("/mtm", validate("json", MtmBody), writeThrough("mtm"), forward)
  .get("/pnl/summary", validate("query", AsOfQuery), forward)
  .get("/pnl/equity-curve", validate("query", DateRangeQuery), forward)
  .get("/pnl/attribution", forward)
  .get("/pnl/monthly-heatmap", forward);
