// The write-through middleware (design.md rules 1–2). After the origin committed a write (2xx):
//   1. bump the write's tags in one Upstash request, AWAITED before answering;
//   2. push fresh payloads back (book, risk, the pack) with the post-invalidation generations in
//      one request, set-if-newer, so the next read is a HIT; awaited when Config.refreshOnWrite,
//      otherwise in the background.
// If the bump fails, the committed result is still returned, Cache-Status says so, the bump is
// retried in the background and this isolate bypasses the affected tiers until it succeeds.
// Worst case for other isolates: entries stored before the write stay HITs until their fresh
// TTL ends; after that they may be served stale for the one origin round trip their background
// revalidation takes (or, while the origin is down, as labelled stale-if-error within grace).
// Non-2xx origin answers pass through and bump nothing.
import type { Context, Next } from "hono";
import { AppError } from "../http/app-error.ts";
import { dataVersionOf } from "../origin-client.ts";
import type { CacheEnv } from "./cache-env.ts";
import { cacheStatus } from "./cache-response.ts";
import { scheduleInvalidationRetry } from "./invalidation-retry.ts";
import { variantOf } from "./keys.ts";
import type { Generations, PMSCache, RefreshItem } from "./pms-cache.ts";
import { REFRESH_SOURCES, WRITES, type RefreshTarget, type WriteKind, type WriteRow } from "./write-table.ts";

type Ctx = Context<CacheEnv>;

function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A morning pack goes under its date key, and under "latest" when it is the latest: the origin's
 * latest pack always is; a generated one is when its date is today or later (packs are made for
 * the coming session; an older date is a backfill and leaves "latest" alone).
 */
function packItems(body: string, version: number, alwaysLatest: boolean, today: string): RefreshItem[] {
  const date = jsonObject(body)?.briefing_date;
  const items: RefreshItem[] = [];
  if (typeof date === "string") {
    try {
      items.push({ tier: "morning_pack", variant: variantOf([date]), body, version });
    } catch {
      // not a key-safe date: skip the dated entry
    }
  }
  if (alwaysLatest || (typeof date === "string" && date >= today)) {
    items.push({ tier: "morning_pack", variant: "latest", body, version });
  }
  return items;
}

/** Fetches one refresh target from the origin as the caller; [] when it is not a 2xx JSON. */
async function fetchTarget(c: Ctx, target: Exclude<RefreshTarget, "generated-pack">, today: string): Promise<RefreshItem[]> {
  const source = REFRESH_SOURCES[target];
  const res = await c.var.origin.send("GET", source.path, { identity: c.var.identity });
  const body = await res.text();
  // Only a JSON object is stored: cached bodies are trusted to parse when they are served.
  if (!res.ok || !res.headers.get("Content-Type")?.startsWith("application/json") || jsonObject(body) === null) return [];
  const version = dataVersionOf(res) ?? 0;
  if (target === "pack") return packItems(body, version, true, today);
  return [{ tier: source.tier, variant: variantOf([today]), body, version }];
}

/** Fetches the refresh targets in parallel and stores them in one request; what was stored. */
async function refreshAfterWrite(
  c: Ctx,
  cache: PMSCache,
  targets: readonly RefreshTarget[],
  gens: Generations,
  written: { body: string; version: number },
): Promise<string[]> {
  const today = cache.today();
  const settled = await Promise.allSettled(
    targets.map((target) =>
      target === "generated-pack"
        ? Promise.resolve(packItems(written.body, written.version, false, today))
        : fetchTarget(c, target, today),
    ),
  );
  const items = settled.flatMap((s) => (s.status === "fulfilled" ? s.value : []));
  const stored = await cache.refresh(items, gens);
  return items.filter((_, i) => stored[i]).map((item) => `${item.tier}/${item.variant}`);
}

function setCacheStatus(c: Ctx, value: string): void {
  const res = new Response(c.res.body, c.res);
  res.headers.set("Cache-Status", value);
  c.res = res;
}

/**
 * The edge lost the origin's answer (connection dropped, deadline passed): the write may have
 * committed, and if it did, entries stored before it would stay HITs until their TTL. Bump its
 * tags anyway (a spare bump only costs a MISS); if Redis fails too, the isolate bypasses the
 * tiers until a retry succeeds, as after a committed write. The client still gets the 502/504.
 * A commit that lands after this bump (an origin slower than the deadline before committing) is
 * not covered: bounded by the tier TTL, like writes made at the origin behind the edge's back.
 */
async function invalidateUnknownOutcome(c: Ctx, row: WriteRow): Promise<void> {
  const code = c.error instanceof AppError ? c.error.code : null;
  if (code !== "origin-unavailable" && code !== "origin-timeout") return;
  const cache = c.var.cache;
  try {
    await cache.invalidate(row.bumps);
    setCacheStatus(c, cacheStatus("fwd=request", `detail="outcome-unknown bumped=${row.bumps.join(",")}"`));
  } catch {
    cache.isolate.pending.add(cache.fund, row.bumps);
    scheduleInvalidationRetry(c, cache);
    setCacheStatus(c, cacheStatus("fwd=bypass", "detail=outcome-unknown-invalidation-failed"));
  }
}

export function writeThrough(kind: WriteKind) {
  const row: WriteRow = WRITES[kind];

  return async function writeThrough(c: Ctx, next: Next): Promise<void> {
    await next();
    if (c.res.status < 200 || c.res.status >= 300) return invalidateUnknownOutcome(c, row);
    const cache = c.var.cache;

    const version = dataVersionOf(c.res) ?? 0;
    let gens: Generations;
    try {
      gens = await cache.invalidate(row.bumps, version);
    } catch {
      cache.isolate.pending.add(cache.fund, row.bumps, version);
      scheduleInvalidationRetry(c, cache);
      cache.isolate.counters.bypass++;
      setCacheStatus(c, cacheStatus("fwd=bypass", "detail=invalidation-failed"));
      return;
    }

    const bumped = `bumped=${row.bumps.join(",")}`;
    if (row.refresh.length === 0) {
      setCacheStatus(c, cacheStatus("fwd=request", `detail="${bumped}"`));
      return;
    }
    const written = { body: await c.res.clone().text(), version };
    const refresh = refreshAfterWrite(c, cache, row.refresh, gens, written);
    if (!cache.config.refreshOnWrite) {
      c.executionCtx.waitUntil(refresh.catch(() => undefined));
      setCacheStatus(c, cacheStatus("fwd=request", `detail="${bumped} refresh=background"`));
      return;
    }
    let detail: string;
    try {
      detail = `refreshed=${(await refresh).join(",") || "none"}`;
    } catch {
      detail = "refresh-failed"; // invalidation held: the next read is a MISS, never stale
    }
    const stored = detail.startsWith("refreshed=") && !detail.endsWith("none");
    setCacheStatus(c, cacheStatus("fwd=request", stored && "stored", `detail="${bumped} ${detail}"`));
  };
}
