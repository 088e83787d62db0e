// Risk monitor routes (#25–#29, #35). /risk/live is the risk tier; the emergency stop freezes
// approvals at the origin, so activating or resetting it bumps portfolio and trades; the custom
// stress test (#35) is forwarded uncached.
import { Hono } from "hono";
import { tierCache } from "../cache/tier-cache.ts";
import { writeThrough } from "../cache/write-through.ts";
import { API_PREFIX, AsOfQuery, DaysQuery, EmergencyStopBody, StressTestBody } from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

export const risk = new Hono<AppEnv>()
  .get("/risk/live", validate("query", AsOfQuery), tierCache(), forward)
  // The contract keeps the old summary path as a temporary redirect to the live monitor.
  .get("/risk/summary", (c) => c.redirect(`${API_PREFIX}/risk/live`, 307))
  .get("/risk/trend", validate("query", DaysQuery), forward)
  .get("/risk/limits", forward)
  // The custom stress test computes on today's book: never cached, not a write (no bump).
  .post("/risk/stress-test", validate("json", StressTestBody), forward)
  .post("/risk/emergency-stop", validate("json", EmergencyStopBody), writeThrough("emergency-stop"), forward)
  .post("/risk/emergency-stop/reset", writeThrough("emergency-stop-reset"), forward);
