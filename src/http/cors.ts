// CORS for the browser desk (Fetch standard §3.2), before authentication: a preflight carries no
// token, so an allowed origin's preflight is answered 204 here. Origins outside
// CORS_ALLOWED_ORIGINS get no CORS header at all (the browser then refuses them), and their
// preflights go on to authentication like any request. The cache's response headers are exposed
// to allowed origins, and Timing-Allow-Origin lets their Resource Timing see Server-Timing.
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { COMPUTED_VERSION_HEADER } from "../cache/cache-response.ts";
import type { AppEnv } from "../env.ts";
import { DATA_VERSION_HEADER } from "../origin-client.ts";

/** Request headers a browser client may send (PMS-Min-Version: read-your-writes from the desk). */
export const CORS_ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "If-None-Match",
  "PMS-Min-Version",
  "Idempotency-Key",
];

/** Response headers a browser client may read. */
export const CORS_EXPOSED_HEADERS = [
  "ETag",
  "Cache-Status",
  "Age",
  DATA_VERSION_HEADER,
  COMPUTED_VERSION_HEADER,
  "Server-Timing",
  "X-Request-Id",
  "Retry-After",
];

const handlers = new Map<string, ReturnType<typeof cors>>();

/** One hono/cors per allow-list (parsed config changes only with the deployment's vars). */
function corsFor(allowed: readonly string[]) {
  const key = allowed.join(",");
  let handler = handlers.get(key);
  if (!handler) {
    handler = cors({
      origin: (origin) => (allowed.includes(origin) ? origin : null),
      allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
      allowHeaders: CORS_ALLOWED_HEADERS,
      exposeHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
    handlers.set(key, handler);
  }
  return handler;
}

export const corsPolicy = createMiddleware<AppEnv>(async function corsPolicy(c, next) {
  const allowed = c.get("config").security.corsOrigins;
  const origin = c.req.header("Origin");
  if (!origin || !allowed.includes(origin)) return next();
  c.header("Timing-Allow-Origin", origin);
  return corsFor(allowed)(c, next);
});
