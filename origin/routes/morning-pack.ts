// Morning pack routes (#21–#24 of docs/contract.md). Packs are persisted, one per date.
import { Hono } from "hono";
import { DaysQuery, dateParam, GeneratePackBody } from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { addCalendarDays } from "../domain/calendar.ts";
import { readData, writeData } from "../http/data.ts";
import { notFound } from "../http/errors.ts";
import { jsonBody, params, query } from "../http/validate.ts";
import { generatePack, packPayload, packSummary } from "../services/morning-pack-service.ts";

export function morningPackRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  r.get("/latest", (c) => {
    return c.json(
      readData(c, (d) => {
        const pack = d.repos.packs.latest(d.today);
        if (!pack) throw notFound("morning pack");
        return packPayload(pack);
      }),
    );
  });

  r.post("/generate", async (c) => {
    const body = await jsonBody(c, GeneratePackBody);
    return c.json(writeData(c, "morning-pack", (d) => generatePack(d, body.briefing_date ?? d.today, body.force)));
  });

  r.get("/history", (c) => {
    const q = query(c, DaysQuery);
    return c.json(readData(c, (d) => d.repos.packs.since(addCalendarDays(d.today, -q.days), d.today).map(packSummary)));
  });

  r.get("/:date", (c) => {
    const { date } = params(c, dateParam);
    return c.json(
      readData(c, (d) => {
        const pack = d.repos.packs.get(date);
        if (!pack) throw notFound(`morning pack for ${date}`);
        return packPayload(pack);
      }),
    );
  });

  return r;
}
