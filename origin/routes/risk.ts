// Risk monitor routes (#25–#29, #35 of docs/contract.md).
import { Hono } from "hono";
import { AsOfQuery, DaysQuery, EmergencyStopBody, StressTestBody } from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { addCalendarDays } from "../domain/calendar.ts";
import { asOfDate, readData, writeData } from "../http/data.ts";
import { jsonBody, NoBody, query } from "../http/validate.ts";
import { activateEmergencyStop, resetEmergencyStop } from "../services/emergency-stop.ts";
import { customStress, liveRisk } from "../services/risk-service.ts";

export function riskRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  r.get("/live", (c) => {
    const q = query(c, AsOfQuery);
    return c.json(readData(c, (d) => liveRisk(d, asOfDate(d, q.as_of_date))));
  });

  // The Python PMS served the same payload under /risk/summary; it now lives at /risk/live.
  r.get("/summary", (c) => {
    const search = new URL(c.req.url).search;
    return c.redirect(`${c.req.path.replace(/\/summary$/, "/live")}${search}`, 307);
  });

  r.get("/trend", (c) => {
    const q = query(c, DaysQuery);
    return c.json(readData(c, (d) => d.repos.state.riskTrend(addCalendarDays(d.today, -q.days), d.today)));
  });

  r.get("/limits", (c) => {
    return c.json(
      readData(c, (d) => ({ config: d.config.limits, limits_summary: liveRisk(d, d.today).limits_summary })),
    );
  });

  // A computation, not a write: a POST only because the shocks are a body. Read transaction,
  // no version bump (#35).
  r.post("/stress-test", async (c) => {
    const body = await jsonBody(c, StressTestBody);
    return c.json(readData(c, (d) => customStress(d, body)));
  });

  r.post("/emergency-stop", async (c) => {
    const body = await jsonBody(c, EmergencyStopBody);
    return c.json(writeData(c, "emergency-stop", (d) => activateEmergencyStop(d, body.reason)));
  });

  r.post("/emergency-stop/reset", async (c) => {
    await jsonBody(c, NoBody);
    return c.json(writeData(c, "emergency-stop-reset", (d) => resetEmergencyStop(d)));
  });

  return r;
}
