// Background retry of an invalidation that failed after the origin committed a write
// (docs/cache-protocol.md §Failures). Until it succeeds this isolate bypasses the affected tiers
// (PendingInvalidations); traffic on a bypassed tier starts a new bounded round when none is running, so the retry
// continues as long as the isolate serves those tiers.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { sleep } from "../lib/sleep.ts";
import { messageOf, type PMSCache } from "./pms-cache.ts";

/** Delays before each attempt of one round, ms: about 10 s in all, well inside waitUntil's limit. */
const BACKOFF_MS = [100, 400, 1_500, 3_000, 5_000];

async function retryRound(cache: PMSCache): Promise<void> {
  const { pending } = cache.isolate;
  try {
    for (const [index, delay] of BACKOFF_MS.entries()) {
      await sleep(delay);
      const tags = pending.tags(cache.fund);
      if (tags.length === 0) return;
      try {
        await cache.invalidate(tags, pending.version(cache.fund)); // clears the pending tags on success
        cache.log("invalidation.recovered", { tags, attempt: index + 1 });
        return;
      } catch (error) {
        // Redis still failing (or breaker open): next attempt
        cache.log("invalidation.retried", { tags, attempt: index + 1, of: BACKOFF_MS.length, error: messageOf(error) });
      }
    }
  } finally {
    pending.retrying.delete(cache.fund);
  }
}

/** Starts one background retry round for the fund's pending tags unless one is running. */
export function scheduleInvalidationRetry(c: Context<AppEnv>, cache: PMSCache): void {
  const { pending } = cache.isolate;
  if (pending.retrying.has(cache.fund) || pending.tags(cache.fund).length === 0) return;
  pending.retrying.add(cache.fund);
  c.executionCtx.waitUntil(retryRound(cache));
}
