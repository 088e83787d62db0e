// Per-user rate limits (docs/security.md §Rate limits) over the Workers rate-limiting binding
// (`[[ratelimits]]` in wrangler.toml), keyed by fund and the token's `sub`. Two budgets:
//   writes        every POST;
//   origin-reads  every read that reaches the origin: tier misses, bypasses and no-cache
//                 refetches (charged by the tier cache once it knows the read missed) and
//                 pass-through GETs (charged here). A HIT or a stale answer costs nothing.
// A request over budget is 429 problem+json with Retry-After, before the origin is called.
// Without the binding (the unit harness, a deployment that has not declared it) nothing is
// limited: the budget is a deployment's choice, and the tests of that path say so.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { TIERS } from "../cache/tiers.ts";
import { API_PREFIX } from "../contract/api-prefix.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";

export type Budget = "origin-reads" | "writes";

/** Counts one request of the caller against `budget`; 429 when it is spent. */
export async function charge(c: Context<AppEnv>, budget: Budget): Promise<void> {
  const binding = budget === "writes" ? c.env.RATE_LIMIT_WRITES : c.env.RATE_LIMIT_ORIGIN_READS;
  if (!binding) return;
  const { sub } = c.get("identity");
  const { success } = await binding.limit({ key: `${c.get("config").fundId}:${sub}` });
  if (!success) {
    const retryAfter = c.get("config").security.retryAfterSeconds;
    throw new AppError("too-many-requests", `the ${budget} budget of ${sub} is spent; retry later`, undefined, {
      "Retry-After": String(retryAfter),
    });
  }
}

/** Edge-only routes answer without the origin; their writes are still writes. */
const EDGE_ONLY = `${API_PREFIX}/cache/`;

/** After authentication: writes, and GETs that are not tiered (the tier cache charges its own misses). */
export const rateLimit = createMiddleware<AppEnv>(async function rateLimit(c, next) {
  const pattern = routePath(c, -1);
  if (c.req.method === "POST") await charge(c, "writes");
  else if ((c.req.method === "GET" || c.req.method === "HEAD") && !TIERS[pattern] && !pattern.startsWith(EDGE_ONLY)) {
    await charge(c, "origin-reads");
  }
  await next();
});
