// The app's typed environment: the bindings and what the middleware puts on c.var. Kept apart
// from config.ts so that the cache can use the configuration without importing the app's types.
import type { PMSCache } from "./cache/pms-cache.ts";
import type { Bindings, Config } from "./config.ts";
import type { Identity, OriginClient } from "./origin-client.ts";

export type { Bindings, Config } from "./config.ts";

export type AppVariables = {
  requestId: string;
  /** When the request arrived, on the isolate's logical clock (isolate-clock.ts). */
  arrivedAt: number;
  config: Config;
  identity: Identity;
  origin: OriginClient;
  cache: PMSCache;
};

export type AppEnv = { Bindings: Bindings; Variables: AppVariables };
