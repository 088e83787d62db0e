// The warm-up plans (docs/architecture.md §Warm-up), as data: requests the edge makes to ITSELF with a
// short-lived system token, so a warm-up goes through exactly the paths a manager's requests
// take — writes through write-through (invalidate, refresh), reads through the tier cache with
// `Cache-Control: no-cache` so each one is fetched from the origin and stored, whatever was
// cached before.
import { API_PREFIX } from "../contract/api-prefix.ts";

export type Schedule = "eod" | "pre-open";

export interface WarmStep {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
}

const read = (name: string, path: string): WarmStep => ({ name, method: "GET", path: API_PREFIX + path });

/** Book, risk and the attribution periods the manager opens first. */
const PORTFOLIO_READS: WarmStep[] = [
  read("book", "/book"),
  read("risk", "/risk/live"),
  read("attribution daily", "/attribution?period=daily"),
  read("attribution MTD", "/attribution?period=mtd"),
  read("attribution YTD", "/attribution?period=ytd"),
];

/** Cron expression (wrangler.toml, UTC) → schedule. */
export const CRON_SCHEDULES: Record<string, Schedule> = {
  "0 21 * * 1-5": "eod", // 18:00 São Paulo: after the close
  "30 9 * * 1-5": "pre-open", // 06:30 São Paulo: before the manager logs in
};

/**
 * `today` is the fund's date; the pack generated before the open is for that date.
 * EOD: mark to market (which bumps portfolio), then warm the portfolio reads.
 * Pre-open: proposals and the morning pack at the origin, then the pack (latest and today's),
 * then the portfolio reads.
 */
export function warmPlan(schedule: Schedule, today: string): WarmStep[] {
  if (schedule === "eod") {
    return [
      { name: "mtm", method: "POST", path: `${API_PREFIX}/mtm`, body: { price_overrides: {} } },
      ...PORTFOLIO_READS,
    ];
  }
  return [
    { name: "proposals", method: "POST", path: `${API_PREFIX}/trades/proposals/generate`, body: {} },
    {
      name: "morning pack",
      method: "POST",
      path: `${API_PREFIX}/morning-pack/generate`,
      body: { briefing_date: today },
    },
    read("morning pack latest", "/morning-pack/latest"),
    read("morning pack today", `/morning-pack/${today}`),
    ...PORTFOLIO_READS,
  ];
}
