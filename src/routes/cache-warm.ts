// POST /cache/warm (ADMIN): runs a warm-up plan on demand — the same one the cron triggers run —
// and answers its per-step report. The call itself succeeded whatever the steps did, so it is a
// 200 either way; `ok` and each step's outcome say what was warmed.
import { type Context, Hono } from "hono";
import * as z from "zod";
import { fundToday } from "../cache/fund-date.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { type AppFetch, runWarm } from "../warm/run-warm.ts";

export const WarmBody = z.object({ schedule: z.enum(["eod", "pre-open"]).default("pre-open") });

/** `selfFetch` sends a request through the whole app with this request's bindings. */
export type SelfFetch = (c: { env: AppEnv["Bindings"]; executionCtx: Context<AppEnv>["executionCtx"] }) => AppFetch;

export function cacheWarm(selfFetch: SelfFetch) {
  return new Hono<AppEnv>().post("/cache/warm", validate("json", WarmBody), async (c) => {
    const { schedule } = c.req.valid("json");
    const report = await runWarm({
      schedule,
      today: fundToday(Date.now()),
      jwtSecret: c.env.JWT_SECRET,
      fund: c.var.config.fundId,
      fetch: selfFetch({ env: c.env, executionCtx: c.executionCtx }),
      requestId: c.get("requestId"),
    });
    return c.json(report);
  });
}
