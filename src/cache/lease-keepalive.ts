// A lease holder keeps its leases alive while it works (docs/cache-protocol.md §Fills and leases):
// the lease TTL only has to outlive one renewal period, so a holder that dies (isolate evicted,
// answer lost) blocks its key's readers for at most one lease TTL, while a slow origin never
// makes readers give up on a holder that is still working.
import type { PMSCache } from "./pms-cache.ts";
import type { TierName } from "./tiers.ts";

export async function withLeases<T>(
  cache: PMSCache,
  leases: readonly { tier: TierName; variant: string }[],
  token: string,
  work: () => Promise<T>,
): Promise<T> {
  const every = Math.max(50, Math.floor(cache.config.leaseMs / 3));
  const timer = setInterval(() => {
    for (const { tier, variant } of leases) cache.renewLease(tier, variant, token).catch(() => undefined);
  }, every);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
