// The tier-cache middleware (docs/cache-protocol.md §Reads). On a tiered GET:
//   fresh entry, generations current          → HIT from the entry, no origin call;
//   stale entry (within grace), gens current  → served stale; the request that took the lease
//                                               revalidates in the background (RFC 5861 §3);
//   missing, or generations moved             → MISS, resolved once per isolate (resolve-miss.ts):
//                                               one lease holder asks the origin, the others wait
//                                               for its fill;
//   Redis failing, breaker open, invalidation
//   pending in this isolate                   → the origin, through the isolate's queue: at most
//                                               one call in flight and one queued per key, the
//                                               first gathering its burst (fwd=bypass).
// An entry whose generations moved is never served, in any mode. The origin is always asked for
// the date the key names (TierRow.pinned). `Cache-Control: no-cache` on the request skips the
// stored entry (RFC 9111 §5.2.1.4); if the origin then fails, a current entry is served stale.
import type { Context, Next } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env.ts";
import { canonicalPathOf } from "../http/canonical-path.ts";
import { charge } from "../http/rate-limit.ts";
import { cacheStatus, type Reply, reply, Timing } from "./cache-response.ts";
import { scheduleInvalidationRetry } from "./invalidation-retry.ts";
import { variantOf } from "./keys.ts";
import { withLeases } from "./lease-keepalive.ts";
import { entryOlderThanAsked, MIN_VERSION_HEADER, minVersionOf } from "./min-version.ts";
import { askOrigin, type OriginAnswer } from "./origin-answer.ts";
import { type CacheRead, CacheUnavailable, messageOf, type PMSCache } from "./pms-cache.ts";
import {
  leadUntilSettled,
  originAfterNow,
  type Resolution,
  resolveMiss,
  storeAnswer,
  uncached,
} from "./resolve-miss.ts";
import { TIERS, type TierRow } from "./tiers.ts";

type Ctx = Context<AppEnv>;

/** A bypassed burst's first call leaves once no read joined it for this long (single-flight.ts). */
const BYPASS_GATHER_QUIET_MS = 40;

export interface TierCacheOptions {
  /** The tier table; TIERS unless a test or deployment supplies another. */
  tiers?: Readonly<Record<string, TierRow>>;
}

function validated(c: Ctx, target: "query" | "param"): Record<string, unknown> | undefined {
  // The route's validators ran before us; their output is the normalised value.
  return (c.req as unknown as { valid(t: string): Record<string, unknown> | undefined }).valid(target);
}

function originReply(answer: OriginAnswer, status: string, etag?: string): Reply {
  return {
    ...answer,
    computedVersion: answer.version,
    cacheStatus: status,
    ageSeconds: 0,
    cached: false,
    ...(etag ? { etag } : {}),
  };
}

function entryReply(read: CacheRead, status: string, stale: boolean): Reply {
  const envelope = read.envelope!;
  return {
    status: 200,
    body: envelope.body,
    contentType: "application/json",
    version: Math.max(envelope.version, read.floorVersion),
    computedVersion: envelope.version,
    cacheStatus: status,
    etag: envelope.etag,
    ageSeconds: read.ageSeconds,
    cached: true,
    stale,
  };
}

export function tierCache(options: TierCacheOptions = {}) {
  const tiers = options.tiers ?? TIERS;

  return async function tierCache(c: Ctx, next: Next): Promise<Response | void> {
    const row = tiers[routePath(c)];
    // HEAD is answered like GET, from the entry; Hono drops the body (RFC 9110 §9.3.2).
    if (!row || (c.req.method !== "GET" && c.req.method !== "HEAD")) return next();
    const cache = c.var.cache;
    // When this request arrived (the app's first middleware): shared calls sent after that may
    // answer it, however long its authentication and validation took meanwhile.
    const since = c.var.arrivedAt;
    const counters = cache.isolate.counters;
    const timing = new Timing();
    const input = {
      query: validated(c, "query") ?? {},
      params: validated(c, "param") ?? c.req.param(),
      today: cache.today(),
    };
    const originPath = canonicalPathOf(c, row.pinned?.(input));
    const minVersion = minVersionOf(c.req.header(MIN_VERSION_HEADER));

    const bypass = async (detail: string): Promise<Response> => {
      await charge(c, "origin-reads");
      counters.bypass++;
      // Nothing paces a bypassed burst (Redis fails fast or is skipped): its first call gathers
      // it, for no longer than a read through a slow Redis already waits (its deadline).
      const gather = { quietMs: BYPASS_GATHER_QUIET_MS, maxMs: cache.config.redisDeadlineMs };
      const flight = originAfterNow(c, cache, originPath, since, gather);
      const answer = await timing.origin(() => flight.promise);
      return reply(
        c.req.raw,
        originReply(answer, cacheStatus("fwd=bypass", !flight.leader && "collapsed", `detail=${detail}`)),
        timing,
      );
    };

    let variant: string;
    try {
      variant = variantOf(row.variant(input));
    } catch {
      return bypass("unsafe-key");
    }
    const skip = cache.bypassReason(row.tier);
    if (skip === "invalidation-pending") scheduleInvalidationRetry(c, cache);
    if (skip) return bypass(skip);

    // Only an ADMIN (the warm-up is one) may make the origin recompute on demand; anyone else's
    // no-cache is served by the cache as usual (docs/security.md §Cache bypass).
    const noCache = c.var.identity.role === "ADMIN" && /no-cache|max-age=0/i.test(c.req.header("Cache-Control") ?? "");
    // Concurrent requests for one key share a read sent after they started (a burst costs Redis
    // two reads, not one per request); the lease it took, if any, is shared with it.
    const readFlight = cache.isolate.flights.next(
      `read|${cache.fund}|${row.tier}|${variant}|${noCache}`,
      () => cache.read(row.tier, variant, !noCache),
      { since },
    );
    leadUntilSettled(c, readFlight);
    let read: CacheRead;
    try {
      read = await timing.cache(() => readFlight.promise);
    } catch (error) {
      if (error instanceof CacheUnavailable) return bypass(error.reason);
      throw error;
    }

    const olderThanAsked = entryOlderThanAsked(read, minVersion);
    if ((read.state !== "fresh" && read.state !== "stale") || noCache || olderThanAsked) {
      // A read that must reach the origin counts against the caller's budget; over it, the
      // lease this read took goes back at once, so other readers of the key do not wait on it.
      await charge(c, "origin-reads").catch((error: unknown) => {
        if (typeof read.lease === "object" && readFlight.leader)
          c.executionCtx.waitUntil(
            cache.releaseLease(read.tier, read.variant, read.lease.token).catch(() => undefined),
          );
        throw error;
      });
    }
    if (olderThanAsked) {
      // Current only as of a version older than the client has seen: ask the origin, as no-cache
      // would, and give back the lease our read may have taken for a stale entry.
      if (typeof read.lease === "object" && readFlight.leader)
        c.executionCtx.waitUntil(cache.releaseLease(read.tier, read.variant, read.lease.token).catch(() => undefined));
      return refetch(c, cache, read, originPath, since, timing, "min-version");
    }
    if (noCache) return refetch(c, cache, read, originPath, since, timing);
    if (read.state === "fresh") {
      counters.hit++;
      return reply(c.req.raw, entryReply(read, cacheStatus("hit", `ttl=${read.ttlSeconds}`), false), timing);
    }
    if (read.state === "stale") {
      counters.stale++;
      if (typeof read.lease === "object" && readFlight.leader)
        c.executionCtx.waitUntil(revalidate(c, cache, read, read.lease.token, originPath));
      const status = cacheStatus("fwd=stale", `ttl=${read.ttlSeconds}`, "detail=stale-while-revalidate");
      return reply(c.req.raw, entryReply(read, status, true), timing);
    }

    // Absent or moved: one resolution per key and generations in this isolate.
    const flight = cache.isolate.flights.share(`${cache.fund}|${row.tier}|${variant}|${read.gens.join(",")}`, () =>
      resolveMiss(c, cache, read, originPath),
    );
    if (!leadUntilSettled(c, flight).leader && typeof read.lease === "object" && readFlight.leader) {
      // Our read took the lease but a resolution of this isolate is already under way: give it
      // back. (Requests that shared our read share its lease and join that resolution too.)
      c.executionCtx.waitUntil(cache.releaseLease(read.tier, read.variant, read.lease.token).catch(() => undefined));
    }
    const resolution = await timing.origin(() => flight.promise);
    return respond(c, cache, resolution, flight.leader, timing);
  };
}

function respond(c: Ctx, cache: PMSCache, r: Resolution, leader: boolean, timing: Timing): Response {
  const counters = cache.isolate.counters;
  if (r.kind === "entry") {
    if (r.stale) counters.stale++;
    else counters.hit++;
    return reply(c.req.raw, entryReply(r.read, cacheStatus(...r.params), r.stale), timing);
  }
  counters.miss++;
  return reply(c.req.raw, originReply(r.answer, cacheStatus(...r.params, !leader && "collapsed"), r.etag), timing);
}

/** no-cache: a new origin answer (stored with compare-and-set), or the entry if the origin fails. */
async function refetch(
  c: Ctx,
  cache: PMSCache,
  read: CacheRead,
  originPath: string,
  since: number,
  timing: Timing,
  detail?: string,
): Promise<Response> {
  const r = await timing.origin(() => uncached(c, cache, read, originPath, detail, since));
  if (r.kind === "origin") {
    const stored = await storeAnswer(cache, read, r.answer);
    if (stored) r.params.push(stored);
  }
  return respond(c, cache, r, true, timing);
}

/** Background revalidation of a stale entry by the request that took its lease. */
async function revalidate(c: Ctx, cache: PMSCache, read: CacheRead, token: string, originPath: string): Promise<void> {
  try {
    const answer = await withLeases(cache, [read], token, () => askOrigin(c, originPath));
    if ((await storeAnswer(cache, read, answer, token)) === null)
      await cache.releaseLease(read.tier, read.variant, token);
  } catch (error) {
    // best effort: the stale entry stays servable until its grace ends or a write moves it
    cache.log("refresh.failed", {
      tier: read.tier,
      variant: read.variant,
      stage: "revalidate",
      error: messageOf(error),
    });
    await cache.releaseLease(read.tier, read.variant, token).catch(() => undefined);
  }
}
