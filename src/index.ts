// Runtime entry: wires the Workers runtime to the app and to the scheduled warm-up. Nothing else.
import { createApp } from "./app.ts";
import { fundToday } from "./cache/fund-date.ts";
import type { Bindings } from "./env.ts";
import { CRON_SCHEDULES } from "./warm/plan.ts";
import { runWarm } from "./warm/run-warm.ts";

const app = createApp();

export default {
  fetch: app.fetch,

  /** Cron Triggers (wrangler.toml): the EOD and pre-open warm-ups (docs/architecture.md §Warm-up). */
  async scheduled(controller, env, ctx) {
    const schedule = CRON_SCHEDULES[controller.cron];
    if (!schedule) {
      console.log(JSON.stringify({ level: "warn", msg: "no warm-up for this cron", cron: controller.cron }));
      return;
    }
    const report = await runWarm({
      schedule,
      today: fundToday(controller.scheduledTime),
      jwtSecret: env.JWT_SECRET,
      fund: env.FUND_ID || "demo",
      fetch: (request) => Promise.resolve(app.fetch(request, env, ctx)),
    });
    console.log(JSON.stringify({ msg: "warm-up done", schedule, ok: report.ok, duration_ms: report.duration_ms }));
  },
} satisfies ExportedHandler<Bindings>;
