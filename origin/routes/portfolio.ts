// Portfolio routes (#1–#10 of docs/contract.md): the book, positions, MTM and P&L views.
import { Hono } from "hono";
import {
  AsOfQuery,
  ClosePositionBody,
  DateRangeQuery,
  idParam,
  MtmBody,
  OpenPositionBody,
  PositionsQuery,
  UpdatePriceBody,
} from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { asOfDate, readData, writeData } from "../http/data.ts";
import { jsonBody, params, query } from "../http/validate.ts";
import { heatmap, lifetimeAttribution, pnlCurve } from "../services/attribution-service.ts";
import { bookAsOf } from "../services/book-service.ts";
import {
  closePositionCmd,
  listPositions,
  markToMarket,
  openPositionCmd,
  updatePriceCmd,
} from "../services/position-commands.ts";

export function portfolioRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  r.get("/book", (c) => {
    const q = query(c, AsOfQuery);
    return c.json(readData(c, (d) => bookAsOf(d.repos, d.config.capitalBrl, asOfDate(d, q.as_of_date))));
  });

  r.get("/book/positions", (c) => {
    const q = query(c, PositionsQuery);
    return c.json(readData(c, (d) => listPositions(d, q.asset_class, q.is_open ?? true)));
  });

  r.post("/book/positions/open", async (c) => {
    const body = await jsonBody(c, OpenPositionBody);
    return c.json(
      writeData(c, "open", (d) => openPositionCmd(d, body)),
      201,
    );
  });

  r.post("/book/positions/:id/close", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, ClosePositionBody);
    return c.json(writeData(c, "close", (d) => closePositionCmd(d, id, body)));
  });

  r.post("/book/positions/:id/update-price", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, UpdatePriceBody);
    return c.json(writeData(c, "update-price", (d) => updatePriceCmd(d, id, body.price)));
  });

  r.post("/mtm", async (c) => {
    const body = await jsonBody(c, MtmBody);
    return c.json(writeData(c, "mtm", (d) => markToMarket(d, body.price_overrides, body.fx_rate ?? null)));
  });

  r.get("/pnl/summary", (c) => {
    const q = query(c, AsOfQuery);
    const book = readData(c, (d) => bookAsOf(d.repos, d.config.capitalBrl, asOfDate(d, q.as_of_date)));
    return c.json({ status: "ok", data: book.summary });
  });

  r.get("/pnl/equity-curve", (c) => {
    const q = query(c, DateRangeQuery);
    return c.json(readData(c, (d) => pnlCurve(d, q.start_date, q.end_date)));
  });

  r.get("/pnl/attribution", (c) => {
    return c.json({ status: "ok", data: readData(c, (d) => lifetimeAttribution(d)) });
  });

  r.get("/pnl/monthly-heatmap", (c) => {
    return c.json({ status: "ok", data: { months: readData(c, (d) => heatmap(d)) } });
  });

  return r;
}
