// The write-through middleware (docs/cache-protocol.md §Writes). After the origin committed a
// write (2xx):
//   1. bump the write's tags and take the fill leases of what it refreshes, in one Upstash
//      request, tried a bounded number of times and never skipped by the read breaker; the write
//      is answered right after it;
//   2. in the background, holding those leases (renewed), fetch book, risk and/or the pack from
//      the origin and store them with compare-and-set against the generations the bump returned.
//      A read that arrives meanwhile finds the lease held and waits for this fill (a collapsed
//      HIT) instead of calling the origin.
// If every bump attempt fails, the committed result is still returned, Cache-Status says so, the
// bump is retried in the background and this isolate bypasses the affected tiers until it
// succeeds. Other isolates cannot know of the write meanwhile: their entries stay HITs until
// their fresh TTL ends (§Invariants, what is not promised). Non-2xx answers bump nothing, except
// when the edge lost the origin's answer and the write may have committed.
import type { Context, Next } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { dataVersionOf } from "../origin-client.ts";
import { cacheStatus } from "./cache-response.ts";
import { scheduleInvalidationRetry } from "./invalidation-retry.ts";
import { variantOf } from "./keys.ts";
import { withLeases } from "./lease-keepalive.ts";
import { askOrigin, jsonObject, storable } from "./origin-answer.ts";
import { type Generations, messageOf, type PMSCache, type RefreshItem } from "./pms-cache.ts";
import type { TierName } from "./tiers.ts";
import { REFRESH_SOURCES, type RefreshTarget, WRITES, type WriteKind, type WriteRow } from "./write-table.ts";

type Ctx = Context<AppEnv>;
type LeaseRef = { tier: TierName; variant: string };

/** Fetches one refresh target from the origin as the caller; [] when it is not a 2xx JSON object. */
async function fetchTarget(c: Ctx, target: RefreshTarget, today: string): Promise<RefreshItem[]> {
  const source = REFRESH_SOURCES[target];
  const answer = await askOrigin(c, source.path(today));
  if (!storable(answer)) {
    c.var.cache.log("refresh.failed", { target, stage: "origin", status: answer.status });
    return [];
  }
  const { body } = answer;
  const version = answer.version ?? 0;
  const items: RefreshItem[] = [{ tier: source.tier, variant: source.variant(today), body, version }];
  // The latest pack is also the pack of its own date.
  const date = target === "pack" ? jsonObject(body)?.briefing_date : undefined;
  if (typeof date === "string") {
    try {
      items.push({ tier: "morning_pack", variant: variantOf([date]), body, version });
    } catch {
      // not a key-safe date: skip the dated entry
    }
  }
  return items;
}

/** Background write-back under the leases the bump took; releases every lease, stored or not. */
async function writeBack(
  c: Ctx,
  cache: PMSCache,
  targets: readonly RefreshTarget[],
  leases: LeaseRef[],
  gens: Generations,
  token: string,
  today: string,
) {
  try {
    await withLeases(cache, leases, token, async () => {
      const settled = await Promise.allSettled(targets.map((t) => fetchTarget(c, t, today)));
      const items = settled.flatMap((s) => (s.status === "fulfilled" ? s.value : []));
      await cache.writeBack(items, gens, { token, items: leases });
    });
  } catch (error) {
    // Redis or the origin failed: the leases expire on their own and the next read fills
    cache.log("refresh.failed", { targets, error: messageOf(error) });
    for (const { tier, variant } of leases) await cache.releaseLease(tier, variant, token).catch(() => undefined);
  }
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
async function invalidateUnknownOutcome(c: Ctx, kind: WriteKind, row: WriteRow): Promise<void> {
  const code = c.error instanceof AppError ? c.error.code : null;
  if (code !== "origin-unavailable" && code !== "origin-timeout") return;
  const cache = c.var.cache;
  try {
    await cache.invalidate(row.bumps);
    setCacheStatus(c, cacheStatus("fwd=request", `detail="outcome-unknown bumped=${row.bumps.join(",")}"`));
  } catch (error) {
    cache.log("invalidation.failed", { write: kind, tags: row.bumps, outcome: "unknown", error: messageOf(error) });
    cache.isolate.pending.add(cache.fund, row.bumps);
    scheduleInvalidationRetry(c, cache);
    setCacheStatus(c, cacheStatus("fwd=bypass", "detail=outcome-unknown-invalidation-failed"));
  }
}

export function writeThrough(kind: WriteKind) {
  const row: WriteRow = WRITES[kind];

  return async function writeThrough(c: Ctx, next: Next): Promise<void> {
    await next();
    if (c.res.status < 200 || c.res.status >= 300) return invalidateUnknownOutcome(c, kind, row);
    // Read the committed answer now: its body streams from the origin under the origin call's
    // deadline, which the bump's attempts could outlast, and a body cut off then would turn a
    // committed write into an error for the client (who might then send it again).
    c.res = new Response(await c.res.arrayBuffer(), c.res);
    const cache = c.var.cache;
    const version = dataVersionOf(c.res) ?? 0;
    const today = cache.today();
    const targets = cache.config.refreshOnWrite ? row.refresh : [];
    const leases = targets.map((t) => ({ tier: REFRESH_SOURCES[t].tier, variant: REFRESH_SOURCES[t].variant(today) }));

    let bump: { gens: Generations; token: string };
    try {
      bump = await cache.invalidate(row.bumps, version, leases);
    } catch (error) {
      cache.log("invalidation.failed", { write: kind, tags: row.bumps, version, error: messageOf(error) });
      cache.isolate.pending.add(cache.fund, row.bumps, version);
      scheduleInvalidationRetry(c, cache);
      cache.isolate.counters.bypass++;
      setCacheStatus(c, cacheStatus("fwd=bypass", "detail=invalidation-failed"));
      return;
    }
    const bumped = `bumped=${row.bumps.join(",")}`;
    if (targets.length === 0) {
      setCacheStatus(c, cacheStatus("fwd=request", `detail="${bumped}"`));
      return;
    }
    c.executionCtx.waitUntil(writeBack(c, cache, targets, leases, bump.gens, bump.token, today));
    setCacheStatus(c, cacheStatus("fwd=request", `detail="${bumped} refresh=${targets.join(",")}"`));
  };
}
