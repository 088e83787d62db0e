// Builds the request's dependencies once and puts them on c.var: the origin client and the
// fund's cache. Handlers never construct clients themselves, and nothing request-bound lives at
// module scope.
import { createMiddleware } from "hono/factory";
import { createPMSCache } from "./cache/pms-cache.ts";
import type { AppEnv } from "./env.ts";
import { createHttpOriginClient } from "./origin-client.ts";

export const services = createMiddleware<AppEnv>(async function services(c, next) {
  const config = c.get("config");
  c.set("origin", createHttpOriginClient({ baseUrl: c.env.ORIGIN_URL, token: c.env.ORIGIN_TOKEN, timeoutMs: config.originTimeoutMs }));
  c.set("cache", createPMSCache(c.env, config, config.fundId));
  await next();
});
