// The tier-cache middleware (design.md, "Cache protocol" and rules 3–5). On a tiered GET:
//   fresh entry, generations unchanged        → HIT from the envelope, no origin call;
//   stale entry (within grace), gens unchanged → served stale, one request revalidates in the
//                                                background (stale-while-revalidate);
//   missing, or generations moved             → MISS: take the lease, call the origin once, store
//                                                with compare-and-set (2xx JSON only);
//   lease held by another request              → poll for its fill up to leaseWaitMs, then go to
//                                                the origin uncached;
//   Redis failing or breaker open              → straight to the origin (fwd=bypass).
// An entry whose generations moved is never served, in any mode. `Cache-Control: no-cache` on
// the request skips the stored entry (RFC 9111 §5.2.1.4); if the origin then fails, an entry
// with unchanged generations is served stale (stale-if-error, RFC 5861 §4).
import type { Context, Next } from "hono";
import { routePath } from "hono/route";
import { AppError } from "../http/app-error.ts";
import { canonicalPathOf } from "../http/canonical-path.ts";
import { dataVersionOf } from "../origin-client.ts";
import type { CacheEnv } from "./cache-env.ts";
import { cacheStatus, reply, Timing, type Reply } from "./cache-response.ts";
import { etagOf } from "./envelope.ts";
import { scheduleInvalidationRetry } from "./invalidation-retry.ts";
import { variantOf } from "./keys.ts";
import { CacheUnavailable, type CacheRead, type PMSCache } from "./pms-cache.ts";
import { TIERS, type TierRow } from "./tiers.ts";

type Ctx = Context<CacheEnv>;

export interface TierCacheOptions {
  /** The tier table; TIERS unless a test or deployment supplies another. */
  tiers?: Readonly<Record<string, TierRow>>;
}

/** An origin answer read once: its text, status, type and data version. */
interface OriginAnswer {
  status: number;
  body: string;
  contentType: string | null;
  version: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function validated(c: Ctx, target: "query" | "param"): Record<string, unknown> | undefined {
  // The route's validators ran before us; their output is the normalised value.
  return (c.req as unknown as { valid(t: string): Record<string, unknown> | undefined }).valid(target);
}

function storable(answer: OriginAnswer): boolean {
  if (answer.status < 200 || answer.status >= 300) return false;
  if (!answer.contentType?.toLowerCase().startsWith("application/json")) return false;
  try {
    JSON.parse(answer.body);
    return true;
  } catch {
    return false;
  }
}

async function askOrigin(c: Ctx, timing: Timing): Promise<OriginAnswer> {
  const res = await timing.origin(() => c.var.origin.send("GET", canonicalPathOf(c), { identity: c.var.identity }));
  return {
    status: res.status,
    body: await res.text(),
    contentType: res.headers.get("Content-Type"),
    version: dataVersionOf(res),
  };
}

function fromOrigin(answer: OriginAnswer, status: string, etag?: string): Reply {
  return { ...answer, cacheStatus: status, ageSeconds: 0, cached: false, ...(etag ? { etag } : {}) };
}

function fromEntry(read: CacheRead, status: string, stale = false): Reply {
  const envelope = read.envelope!;
  return {
    status: 200,
    body: envelope.body,
    contentType: "application/json",
    version: Math.max(envelope.version, read.floorVersion),
    cacheStatus: status,
    etag: envelope.etag,
    ageSeconds: read.ageSeconds,
    cached: true,
    stale,
  };
}

/**
 * Stores a 2xx JSON answer with compare-and-set against the generations of `read`, releasing
 * the lease in the same request; null when the answer is not storable (lease left to the caller).
 */
async function store(cache: PMSCache, read: CacheRead, answer: OriginAnswer, timing: Timing, leaseToken?: string): Promise<string | null> {
  if (!storable(answer)) return null;
  const payload = { body: answer.body, version: answer.version ?? 0 };
  try {
    const stored = await timing.cache(() => cache.fill(read.tier, read.variant, payload, read.gens, leaseToken));
    return stored ? "stored" : "detail=fill-dropped";
  } catch (error) {
    if (error instanceof CacheUnavailable) return "detail=store-failed";
    throw error;
  }
}

export function tierCache(options: TierCacheOptions = {}) {
  const tiers = options.tiers ?? TIERS;

  return async function tierCache(c: Ctx, next: Next): Promise<Response | void> {
    const row = tiers[routePath(c)];
    if (!row || c.req.method !== "GET") return next();
    const cache = c.var.cache;
    const counters = cache.isolate.counters;
    const timing = new Timing();

    const bypass = async (detail: string): Promise<Response> => {
      counters.bypass++;
      const answer = await askOrigin(c, timing);
      return reply(c.req.raw, fromOrigin(answer, cacheStatus("fwd=bypass", `detail=${detail}`)), timing);
    };

    let variant: string;
    try {
      variant = variantOf(row.variant({ query: validated(c, "query") ?? {}, params: validated(c, "param") ?? c.req.param(), today: cache.today() }));
    } catch {
      return bypass("unsafe-key");
    }
    const skip = cache.bypassReason(row.tier);
    if (skip === "invalidation-pending") scheduleInvalidationRetry(c, cache);
    if (skip) return bypass(skip);

    let read: CacheRead;
    try {
      read = await timing.cache(() => cache.read(row.tier, variant));
    } catch (error) {
      if (error instanceof CacheUnavailable) return bypass(error.reason);
      throw error;
    }

    const noCache = /no-cache|max-age=0/i.test(c.req.header("Cache-Control") ?? "");
    if (!noCache && read.state === "fresh") {
      counters.hit++;
      return reply(c.req.raw, fromEntry(read, cacheStatus("hit", `ttl=${read.ttlSeconds}`)), timing);
    }
    if (!noCache && read.state === "stale") {
      counters.stale++;
      c.executionCtx.waitUntil(revalidate(c, cache, read));
      const status = cacheStatus("fwd=stale", `ttl=${read.ttlSeconds}`, "detail=stale-while-revalidate");
      return reply(c.req.raw, fromEntry(read, status, true), timing);
    }
    return miss(c, cache, read, timing);
  };
}

/** Background revalidation of a stale entry by the one request that gets the lease. */
async function revalidate(c: Ctx, cache: PMSCache, read: CacheRead): Promise<void> {
  try {
    const token = await cache.lease(read.tier, read.variant);
    if (!token) return; // someone else is revalidating
    const answer = await askOrigin(c, new Timing());
    if ((await store(cache, read, answer, new Timing(), token)) === null) await cache.releaseLease(read.tier, read.variant, token);
  } catch {
    // best effort: the stale entry stays servable until its grace ends or a write moves it
  }
}

/**
 * Polls for the lease holder's fill for at most leaseWaitMs (design.md rule 3). The polls back
 * off with jitter (20 ms, then ×1.5 up to 200 ms) so that a burst of waiters does not hammer
 * Redis in lockstep; one slow or failed poll does not end the wait, an open breaker does.
 */
async function waitForFill(cache: PMSCache, read: CacheRead, timing: Timing): Promise<CacheRead | null> {
  // Real time, not the cache's clock: this bounds how long the caller waits.
  const deadline = Date.now() + cache.config.leaseWaitMs;
  let interval = 20;
  for (;;) {
    const pause = Math.round(interval * (0.75 + Math.random() * 0.5));
    if (Date.now() + pause > deadline) return null;
    await sleep(pause);
    interval = Math.min(200, interval * 1.5);
    try {
      const again = await timing.cache(() => cache.read(read.tier, read.variant));
      if (again.state === "fresh") return again;
    } catch (error) {
      if (error instanceof CacheUnavailable && error.reason === "breaker-open") return null;
    }
  }
}

type Lease = { kind: "held"; token: string } | { kind: "taken" } | { kind: "unavailable" };

async function takeLease(cache: PMSCache, read: CacheRead, timing: Timing): Promise<Lease> {
  try {
    const token = await timing.cache(() => cache.lease(read.tier, read.variant));
    return token ? { kind: "held", token } : { kind: "taken" };
  } catch {
    return { kind: "unavailable" }; // Redis just failed: go to the origin; the fill will say so
  }
}

async function miss(c: Ctx, cache: PMSCache, read: CacheRead, timing: Timing): Promise<Response> {
  const counters = cache.isolate.counters;
  const lease = await takeLease(cache, read, timing);
  if (lease.kind === "taken") {
    const filled = await waitForFill(cache, read, timing);
    if (filled) {
      counters.hit++;
      return reply(c.req.raw, fromEntry(filled, cacheStatus("hit", "collapsed", `ttl=${filled.ttlSeconds}`)), timing);
    }
  }

  let answer: OriginAnswer;
  try {
    answer = await askOrigin(c, timing);
  } catch (error) {
    if (error instanceof AppError && staleUsable(read)) return staleIfError(c, read, error.status, timing);
    throw error;
  }
  if (answer.status >= 500 && staleUsable(read)) return staleIfError(c, read, answer.status, timing);
  counters.miss++;
  const etag = storable(answer) ? await etagOf(answer.body) : undefined;
  const fwd = ["fwd=miss", `fwd-status=${answer.status}`];
  if (lease.kind === "taken") {
    return reply(c.req.raw, fromOrigin(answer, cacheStatus(...fwd, "detail=lease-wait-timeout"), etag), timing);
  }

  const stored = await store(cache, read, answer, timing, lease.kind === "held" ? lease.token : undefined);
  if (stored === null && lease.kind === "held") {
    // Let the next request fill at once instead of waiting out the lease.
    c.executionCtx.waitUntil(cache.releaseLease(read.tier, read.variant, lease.token).catch(() => undefined));
  }
  const status = cacheStatus(...fwd, stored ?? undefined, stored === "stored" && `ttl=${cache.config.ttl[read.tier]}`);
  return reply(c.req.raw, fromOrigin(answer, status, etag), timing);
}

/** An entry that may be served when the origin fails: unchanged generations, within grace. */
function staleUsable(read: CacheRead): boolean {
  return read.envelope !== null && (read.state === "stale" || read.state === "fresh");
}

function staleIfError(c: Ctx, read: CacheRead, originStatus: number, timing: Timing): Response {
  c.var.cache.isolate.counters.stale++;
  const status = cacheStatus("fwd=stale", `fwd-status=${originStatus}`, `ttl=${read.ttlSeconds}`, "detail=stale-if-error");
  return reply(c.req.raw, fromEntry(read, status, true), timing);
}
