// The origin app's typed environment: what every handler can read from c.var.
import type { Role } from "../src/contract/index.ts";
import type { OriginConfig } from "./config.ts";
import type { Repos } from "./db/repos.ts";
import type { VersionedStore } from "./db/versioned-store.ts";

export interface OriginDeps {
  store: VersionedStore;
  repos: Repos;
  config: OriginConfig;
  token: string;
  /** The clock; "today" is its date in America/Sao_Paulo. Injected for deterministic tests. */
  now: () => Date;
}

export interface Actor {
  user: string;
  role: Role;
}

export type OriginEnv = {
  Variables: {
    deps: OriginDeps;
    actor: Actor;
    /** The data version the response was computed at (reads) or produced (writes). */
    dataVersion: number;
  };
};
