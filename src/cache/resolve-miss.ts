// How a tiered read that found no fresh entry gets its answer (docs/cache-protocol.md §Fills and
// leases). One resolution per key and generations runs per isolate (single-flight.ts); every
// request that joins it builds its own response from the plain data it returns.
//   - this isolate holds the fill lease → ask the origin once, keeping the lease alive, and store
//     the answer with compare-and-set against the generations read before the call;
//   - another holder has it → poll Redis (backing off) until its fill lands (a collapsed HIT), or
//     the lease frees up and this isolate takes it. A held lease is renewed by its holder, so a
//     slow origin never makes readers give up; a dead holder's lease expires within leaseMs;
//   - the wait passes leaseWaitMs (far above the origin's own timeout), or Redis fails while
//     waiting → ask the origin uncached, through the isolate's queue (single-flight.ts `next`).
// When the origin fails and the entry's generations are still current, the entry is served stale
// (stale-if-error, RFC 5861 §4).
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { sleep } from "../lib/sleep.ts";
import { etagOf } from "./envelope.ts";
import { withLeases } from "./lease-keepalive.ts";
import { askOrigin, type OriginAnswer, storable } from "./origin-answer.ts";
import { type CacheRead, CacheUnavailable, type PMSCache } from "./pms-cache.ts";
import type { Gather } from "./single-flight.ts";

export type Resolution =
  | { kind: "entry"; read: CacheRead; params: string[]; stale: boolean }
  | { kind: "origin"; answer: OriginAnswer; etag: string | undefined; params: string[] };

/**
 * The origin's answer for (fund, path), asked by a call sent after `since` (default: now); a new
 * call may first `gather` the burst it starts (single-flight.ts).
 */
export function originAfterNow(
  c: Context<AppEnv>,
  cache: PMSCache,
  originPath: string,
  since = cache.isolate.flights.tick(),
  gather?: Gather,
) {
  return leadUntilSettled(
    c,
    cache.isolate.flights.next(`${cache.fund}|${originPath}`, () => askOrigin(c, originPath), { since, gather }),
  );
}

/** The leader's request must outlive a shared flight: joiners in other requests wait on it. */
export function leadUntilSettled<T extends { promise: Promise<unknown>; leader: boolean }>(
  c: Context<AppEnv>,
  flight: T,
): T {
  if (flight.leader) c.executionCtx.waitUntil(flight.promise.catch(() => undefined));
  return flight;
}

/**
 * Stores a storable origin answer with compare-and-set against the generations of `read`
 * (releasing the fill lease `token` in the same request); what to say in Cache-Status, or null
 * when the answer is not one to store.
 */
export async function storeAnswer(
  cache: PMSCache,
  read: CacheRead,
  answer: OriginAnswer,
  token?: string,
): Promise<string | null> {
  // An answer past the entry size limit is served but never stored: the fund's budget counts
  // entries, so each must be bounded for the budget to bound memory.
  if (!storable(answer) || answer.body.length > cache.config.security.maxEntryBytes) return null;
  try {
    return (await cache.fill(read, { body: answer.body, version: answer.version ?? 0 }, token))
      ? "stored"
      : "detail=fill-dropped";
  } catch (error) {
    if (!(error instanceof CacheUnavailable)) throw error;
    return "detail=store-failed";
  }
}

function staleIfError(read: CacheRead, originStatus: number | string): Resolution | null {
  if (!read.envelope) return null;
  return {
    kind: "entry",
    read,
    stale: true,
    params: ["fwd=stale", `fwd-status=${originStatus}`, `ttl=${read.ttlSeconds}`, "detail=stale-if-error"],
  };
}

async function fromOrigin(answer: OriginAnswer, params: (string | false)[]): Promise<Resolution> {
  const etag = storable(answer) ? await etagOf(answer.body) : undefined;
  return {
    kind: "origin",
    answer,
    etag,
    params: ["fwd=miss", `fwd-status=${answer.status}`, ...params.filter((p): p is string => !!p)],
  };
}

/** Asks the origin under the fill lease `token` and stores the answer with compare-and-set. */
async function fillUnderLease(
  c: Context<AppEnv>,
  cache: PMSCache,
  read: CacheRead,
  token: string,
  originPath: string,
): Promise<Resolution> {
  const release = () => cache.releaseLease(read.tier, read.variant, token).catch(() => undefined);
  let answer: OriginAnswer;
  try {
    answer = await withLeases(cache, [read], token, () => askOrigin(c, originPath));
  } catch (error) {
    await release();
    const stale = error instanceof AppError ? staleIfError(read, error.status) : null;
    if (stale) return stale;
    throw error;
  }
  const stored = await storeAnswer(cache, read, answer, token);
  if (stored === null) {
    await release(); // let the next request fill at once instead of waiting out the lease
    return (answer.status >= 500 && staleIfError(read, answer.status)) || fromOrigin(answer, []);
  }
  return fromOrigin(answer, [stored, stored === "stored" && `ttl=${cache.config.ttl[read.tier]}`]);
}

/**
 * The origin uncached (Redis failing, the lease wait ran out, or the client said no-cache), by a
 * call sent after `since`; stale-if-error still applies to a current entry of `read`.
 */
export async function uncached(
  c: Context<AppEnv>,
  cache: PMSCache,
  read: CacheRead,
  originPath: string,
  detail?: string,
  since?: number,
): Promise<Resolution> {
  let answer: OriginAnswer;
  try {
    answer = await originAfterNow(c, cache, originPath, since).promise;
  } catch (error) {
    const stale = error instanceof AppError ? staleIfError(read, error.status) : null;
    if (stale) return stale;
    throw error;
  }
  return (
    (answer.status >= 500 && staleIfError(read, answer.status)) ||
    fromOrigin(answer, [detail !== undefined && `detail=${detail}`])
  );
}

export async function resolveMiss(
  c: Context<AppEnv>,
  cache: PMSCache,
  first: CacheRead,
  originPath: string,
): Promise<Resolution> {
  let read = first;
  // Real time, not the cache's clock: this bounds how long the callers wait.
  const deadline = Date.now() + cache.config.leaseWaitMs;
  let interval = 20;
  for (;;) {
    if (typeof read.lease === "object") return fillUnderLease(c, cache, read, read.lease.token, originPath);
    if (read.state === "fresh")
      return { kind: "entry", read, stale: false, params: ["hit", "collapsed", `ttl=${read.ttlSeconds}`] };
    const pause = Math.round(interval * (0.75 + Math.random() * 0.5));
    if (Date.now() + pause > deadline) {
      cache.log("lease-wait.timeout", { tier: read.tier, variant: read.variant, waited_ms: cache.config.leaseWaitMs });
      return uncached(c, cache, read, originPath, "lease-wait-timeout");
    }
    await sleep(pause);
    interval = Math.min(200, interval * 1.5);
    try {
      // The new read replaces the old one entirely: if the generations moved meanwhile, the old
      // entry is no longer one to fall back on.
      read = await cache.read(read.tier, read.variant);
    } catch (error) {
      if (!(error instanceof CacheUnavailable)) throw error;
      return uncached(c, cache, read, originPath, error.reason);
    }
  }
}
