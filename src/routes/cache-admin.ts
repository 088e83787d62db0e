// Cache administration (docs/contract.md §Edge-only routes): the state of the cache protocol and a manual invalidation
// for writes made at the origin without passing through the edge (its own batch jobs).
// Mounted under /api/v1/pms; the auth table restricts both routes to ADMIN.
import { Hono } from "hono";
import * as z from "zod";
import { CacheUnavailable } from "../cache/pms-cache.ts";
import { TAGS } from "../cache/tiers.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { validate } from "../http/validate.ts";

export const InvalidateBody = z.object({
  tags: z.array(z.enum(TAGS)).min(1).max(TAGS.length),
});

export const cacheAdmin = new Hono<AppEnv>();

/** Tiers and TTLs, current generations, this isolate's counters and breaker. */
cacheAdmin.get("/cache/status", async (c) => c.json(await c.var.cache.status()));

/** Bumps the given tags: every entry depending on them becomes unreachable at once. */
cacheAdmin.post("/cache/invalidate", validate("json", InvalidateBody), async (c) => {
  const { tags } = c.req.valid("json");
  const unique = [...new Set(tags)];
  try {
    const { gens: generations } = await c.var.cache.invalidate(unique);
    return c.json({ status: "ok", invalidated: unique, generations });
  } catch (error) {
    if (error instanceof CacheUnavailable)
      throw new AppError("service-unavailable", "the cache could not be invalidated; retry");
    throw error;
  }
});
