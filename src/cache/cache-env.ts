// The Hono environment the cache middleware runs in: the app's AppEnv with the request's
// PMSCache in `c.var.cache` (set by the services middleware, see createPMSCache).
import type { AppEnv } from "../env.ts";
import type { PMSCache } from "./pms-cache.ts";

export type CacheEnv = { Bindings: AppEnv["Bindings"]; Variables: AppEnv["Variables"] & { cache: PMSCache } };
