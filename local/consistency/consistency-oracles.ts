// The read oracles of the consistency checker. A write is binding on a read when it was
// acknowledged before the read started (logical ticks, exact in the caller's one thread). Then:
//  - data version:     the read's PMS-Data-Version ≥ the newest binding write's version;
//  - computed version: for a tier read, PMS-Computed-Version (what the payload was computed at;
//                      a missing header counts as PMS-Data-Version) ≥ the newest binding write
//                      that bumps a tag the tier depends on;
//  - content:          the payload shows what binding writes did (consistency-content.ts).
//
// One excuse, and only with a bound: a write acknowledged with `detail=invalidation-failed` is
// committed but other isolates may still serve the entry cached before it until that entry's
// fresh TTL ends, plus one revalidation. So for reads on OTHER edges it binds only from
// ack + tier TTL + slack; on the edge that acknowledged it, it binds at once.
import type { TierName } from "../../src/cache/tiers.ts";
import type { ReadRecord, Violation, WriteRecord } from "./consistency.ts";
import { type ReadTier, tierOfPath, writeAffectsTier } from "./consistency-model.ts";

export interface InvalidationFailureBound {
  /** The edges' fresh TTL per tier, milliseconds. */
  tierTtlMs: Readonly<Record<TierName, number>>;
  /** Added to the TTL: one stale serve while revalidating, the origin call and the store. */
  slackMs: number;
}

export interface InvalidationFailureStats {
  /** Acknowledged writes whose Cache-Status says invalidation failed. */
  failedWrites: number;
  /** Reads on which such a write did not bind yet (inside its bound, another edge). */
  excusedReads: number;
  /** Reads on another edge, of an affected tier, started after such a write's bound: checked against it. */
  checkedAfterBound: number;
  /**
   * /book reads showing the price of a price write whose outcome was unknown (a 5xx or a lost
   * answer, the edge having given up on the origin): it may have committed after later writes, so
   * its price is the origin's current one, not a stale copy.
   */
  lateCommitReads: number;
}

const ok = (status: number) => status >= 200 && status < 300;
export const invalidationFailed = (w: Pick<WriteRecord, "cacheStatus">) =>
  /invalidation-failed/.test(w.cacheStatus ?? "");

export function checkReads(
  writes: readonly WriteRecord[],
  reads: readonly ReadRecord[],
  bound?: InvalidationFailureBound,
): { violations: Violation[]; invalidationFailures: InvalidationFailureStats } {
  const acked = writes.filter((w) => ok(w.status) && w.version !== null).sort((a, b) => a.ackTick - b.ackTick);
  // Any close attempt counts, acknowledged or not: a close that timed out may still have committed.
  const closeStarts = new Map<number, number>();
  for (const w of writes)
    if (w.effect?.closed !== undefined)
      closeStarts.set(w.effect.closed, Math.min(closeStarts.get(w.effect.closed) ?? Infinity, w.startTick));
  // A price write with an unknown outcome (a 5xx or no answer; a 4xx committed nothing): its
  // price → when it started.
  const unsettledPrices = new Map<number, number>();
  for (const w of writes)
    if ((w.status === 0 || w.status >= 500) && w.effect?.price !== undefined)
      unsettledPrices.set(w.effect.price, w.startTick);
  const violations: Violation[] = [];
  const stats: InvalidationFailureStats = {
    failedWrites: acked.filter(invalidationFailed).length,
    excusedReads: 0,
    checkedAfterBound: 0,
    lateCommitReads: 0,
  };

  for (const r of reads) {
    if (!ok(r.status)) continue; // failed reads are recorded, not checked
    const tier = tierOfPath(r.path);
    let newest: WriteRecord | undefined;
    let newestForTier: WriteRecord | undefined;
    let excused = false;
    let afterBound = false;
    const binding: WriteRecord[] = [];
    for (const w of acked) {
      if (w.ackTick >= r.startTick) break;
      const affects = tier !== undefined && writeAffectsTier(w.kind, tier);
      const crossEdge = invalidationFailed(w) && w.edge !== r.edge && tier !== undefined;
      // Without a bound nothing is excused: every acknowledged write binds at once.
      if (crossEdge && bound && r.startMs < w.ackMs + bound.tierTtlMs[tier.tier] + bound.slackMs) {
        excused = true;
        continue;
      }
      if (crossEdge && affects) afterBound = true;
      binding.push(w);
      if (!newest || w.version! > newest.version!) newest = w;
      if (affects && (!newestForTier || w.version! > newestForTier.version!)) newestForTier = w;
    }
    if (excused) stats.excusedReads++;
    if (afterBound) stats.checkedAfterBound++;

    if (r.version === null) {
      violations.push({ rule: "ok-without-version", read: r, ...(newest ? { write: newest } : {}) });
      continue;
    }
    if (newest && r.version < newest.version!)
      violations.push({ rule: "read-older-than-acked-write", read: r, write: newest });
    const computed = r.computedVersion ?? r.version;
    if (newestForTier && computed < newestForTier.version!)
      violations.push({ rule: "computed-older-than-acked-write", read: r, write: newestForTier });
    if (r.content && tier) {
      const content = checkContent(r, tier, binding, closeStarts, unsettledPrices);
      violations.push(...content.violations);
      if (content.lateCommit) stats.lateCommitReads++;
    }
  }
  return { violations, invalidationFailures: stats };
}

/** The content oracle of one read against the writes binding on it. */
function checkContent(
  r: ReadRecord,
  tier: ReadTier,
  binding: readonly WriteRecord[],
  closeStarts: ReadonlyMap<number, number>,
  unsettledPrices: ReadonlyMap<number, number>,
): { violations: Violation[]; lateCommit: boolean } {
  const c = r.content!;
  const out: Violation[] = [];
  let lateCommit = false;
  const highest = (pick: (w: WriteRecord) => number | undefined) =>
    binding.reduce<WriteRecord | undefined>(
      (best, w) => (pick(w) !== undefined && (!best || pick(w)! > pick(best)!) ? w : best),
      undefined,
    );
  if (tier.tier === "book" && c.price !== undefined) {
    const w = highest((x) => x.effect?.price);
    const lateStart = c.price === null ? undefined : unsettledPrices.get(c.price);
    if (w && c.price !== null && c.price < w.effect!.price! && lateStart !== undefined && lateStart < r.endTick) {
      lateCommit = true;
    } else if (w && (c.price === null || c.price < w.effect!.price!)) {
      out.push({
        rule: "price-older-than-acked-write",
        read: r,
        write: w,
        detail: `read price ${c.price}, acknowledged ${w.effect!.price}`,
      });
    }
  }
  if (tier.tier === "book" && c.openIds) {
    const open = new Set(c.openIds);
    for (const w of binding) {
      const opened = w.effect?.opened;
      if (opened !== undefined && !open.has(opened) && (closeStarts.get(opened) ?? Infinity) > r.endTick) {
        out.push({
          rule: "opened-position-missing",
          read: r,
          write: w,
          detail: `position ${opened} not among ${c.openIds.length} open positions`,
        });
      }
      const closed = w.effect?.closed;
      if (closed !== undefined && open.has(closed))
        out.push({ rule: "closed-position-present", read: r, write: w, detail: `position ${closed} still open` });
    }
  }
  if (tier.tier === "morning_pack" && c.packId !== undefined) {
    const w = highest((x) => x.effect?.packId);
    if (w && c.packId < w.effect!.packId!)
      out.push({
        rule: "pack-older-than-acked-generate",
        read: r,
        write: w,
        detail: `read pack ${c.packId}, generated ${w.effect!.packId}`,
      });
  }
  return { violations: out, lateCommit };
}
