// Builds the request's dependencies once and puts them on c.var: the origin client and the
// fund's cache. Handlers never construct clients themselves, and nothing request-bound lives at
// module scope. createApp() takes replacements for any of them (the `services` seam): unit tests
// run the app that ships over an in-memory store, a fake origin and a test clock.
import { createMiddleware } from "hono/factory";
import type { CacheStore } from "./cache/cache-store.ts";
import { type IsolateState, isolateState } from "./cache/isolate-state.ts";
import { PMSCache } from "./cache/pms-cache.ts";
import { createUpstashStore } from "./cache/upstash-store.ts";
import type { Bindings, Config } from "./config.ts";
import type { AppEnv } from "./env.ts";
import { createHttpOriginClient, type OriginClient } from "./origin-client.ts";

export interface Services {
  /** The cache store: Upstash over REST. */
  store(env: Bindings, config: Config): CacheStore;
  /** The origin compute service over HTTP. */
  origin(env: Bindings, config: Config): OriginClient;
  /** Best-effort per-isolate state (breaker, pending invalidations, flights): one per Redis endpoint and prefix. */
  isolate(env: Bindings, config: Config): IsolateState;
  /** The clock of the cache (today's date, the breaker's cooldown). */
  now(): number;
}

/**
 * A URL the deployment must set (wrangler.toml keeps none at the top level and only placeholders
 * in [env.production]): missing or still a placeholder is a loud 500, never a call elsewhere.
 */
export function deploymentUrl(name: string, value: string | undefined): string {
  if (!value)
    throw new Error(`${name} is not configured (local: npm start writes .dev.vars; deployed: docs/deployment.md)`);
  if (value.includes("REPLACE-ME")) throw new Error(`${name} is still the placeholder ${value}: set the real URL`);
  return value;
}

export const DEFAULT_SERVICES: Services = {
  store: (env, config) =>
    createUpstashStore({
      url: deploymentUrl("UPSTASH_REDIS_REST_URL", env.UPSTASH_REDIS_REST_URL),
      token: env.UPSTASH_REDIS_REST_TOKEN,
      deadlineMs: config.redisDeadlineMs,
    }),
  origin: (env, config) =>
    createHttpOriginClient({
      baseUrl: deploymentUrl("ORIGIN_URL", env.ORIGIN_URL),
      token: env.ORIGIN_TOKEN,
      timeoutMs: config.originTimeoutMs,
    }),
  isolate: (env, config) => isolateState(`${env.UPSTASH_REDIS_REST_URL}|${config.prefix}`),
  now: Date.now,
};

export function services(overrides: Partial<Services> = {}) {
  const s: Services = { ...DEFAULT_SERVICES, ...overrides };
  return createMiddleware<AppEnv>(async function services(c, next) {
    const config = c.get("config");
    c.set("origin", s.origin(c.env, config));
    // The fund is the configured one (auth refuses tokens of other funds).
    c.set(
      "cache",
      new PMSCache({
        store: s.store(c.env, config),
        config,
        fund: config.fundId,
        isolate: s.isolate(c.env, config),
        now: s.now,
        requestId: c.get("requestId"),
      }),
    );
    await next();
  });
}
