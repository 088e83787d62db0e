// The Hono environment the cache middleware runs in: the app's AppEnv, whose `c.var.cache` is
// the request's PMSCache (set by the services middleware, see createPMSCache).
import type { AppEnv } from "../env.ts";

export type CacheEnv = AppEnv;
