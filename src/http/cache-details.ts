// Who may see the cache's details (docs/security.md §What others looked at): Cache-Status
// parameters (ttl, stored, collapsed, detail=…) and Server-Timing tell when an entry was stored
// and whether someone else asked for it first, so with CACHE_DETAILS_ADMIN_ONLY (the production
// default) only ADMIN callers get them. Everyone else keeps Age and the plain outcome:
// `pms-edge; hit`, `pms-edge; fwd=miss`, `pms-edge; fwd=stale`, `pms-edge; fwd=bypass`.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

/** The cache name and the first parameter (the outcome) of a Cache-Status value. */
export function plainCacheStatus(value: string): string {
  return value
    .split(";")
    .slice(0, 2)
    .map((p) => p.trim())
    .join("; ");
}

export const cacheDetails = createMiddleware<AppEnv>(async function cacheDetails(c, next) {
  await next();
  if (!c.get("config").security.cacheDetailsAdminOnly || c.get("identity")?.role === "ADMIN") return;
  const status = c.res.headers.get("Cache-Status");
  if (status !== null) c.res.headers.set("Cache-Status", plainCacheStatus(status));
  c.res.headers.delete("Server-Timing");
});
