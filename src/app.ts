// createApp(): the whole edge (docs/architecture.md §A request's path). Order matters: error
// handlers, then global middleware (request id → config → services → auth), then the PMS
// sub-routers. Middleware registered after app.route() would not run for those routes.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { authenticate } from "./auth/authenticate.ts";
import { configOf } from "./config.ts";
import { API_PREFIX } from "./contract/api-prefix.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./http/app-error.ts";
import { cacheDetails } from "./http/cache-details.ts";
import { corsPolicy } from "./http/cors.ts";
import { notFound, onError } from "./http/problem-response.ts";
import { rateLimit } from "./http/rate-limit.ts";
import { requestId } from "./http/request-id.ts";
import { tick } from "./isolate-clock.ts";
import { openApiDocument } from "./openapi/document.ts";
import { attribution } from "./routes/attribution.ts";
import { cacheAdmin } from "./routes/cache-admin.ts";
import { cacheWarm } from "./routes/cache-warm.ts";
import { health } from "./routes/health.ts";
import { journal } from "./routes/journal.ts";
import { morningPack } from "./routes/morning-pack.ts";
import { pipeline } from "./routes/pipeline.ts";
import { portfolio } from "./routes/portfolio.ts";
import { risk } from "./routes/risk.ts";
import { session } from "./routes/session.ts";
import { trades } from "./routes/trades.ts";
import { type Services, services } from "./services.ts";

/** Bodies of the contract are small; anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  /** Replacements for the real dependencies (tests); the real ones by default. */
  services?: Partial<Services>;
}

export function createApp(options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);

  // Before anything else: when this request arrived, on the isolate's logical clock. A shared
  // origin call sent after that may answer it (single-flight.ts).
  app.use("*", async function arrival(c, next) {
    c.set("arrivedAt", tick());
    await next();
  });
  app.use("*", requestId);
  app.use("*", async function config(c, next) {
    c.set("config", configOf(c.env));
    await next();
  });
  app.use("*", services(options.services));
  app.route("/", health);
  // The API's description is public, like /health: registered before authentication.
  app.get(`${API_PREFIX}/openapi.json`, (c) =>
    c.body(openApiDocument(), 200, { "Content-Type": "application/json; charset=utf-8" }),
  );

  // CORS before authentication (a preflight has no token); the cache's details after it.
  app.use(`${API_PREFIX}/*`, corsPolicy);
  app.use(`${API_PREFIX}/*`, cacheDetails);
  app.use(
    `${API_PREFIX}/*`,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError("payload-too-large", `the body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use(`${API_PREFIX}/*`, authenticate);
  app.use(`${API_PREFIX}/*`, rateLimit);

  // The warm-up calls the app itself, with the bindings of the request that asked for it.
  const warm = cacheWarm(
    ({ env, executionCtx }) =>
      (request) =>
        Promise.resolve(app.fetch(request, env, executionCtx)),
  );
  for (const router of [
    portfolio,
    trades,
    journal,
    morningPack,
    risk,
    attribution,
    pipeline,
    cacheAdmin,
    warm,
    session,
  ]) {
    app.route(API_PREFIX, router);
  }
  return app;
}
