// Read latencies: a cache HIT on each tier, a MISS (the entry's generation moved, so the edge
// takes the fill lease, calls the origin and stores the answer), and the origin called directly
// for the same routes (what every read would cost without the edge's cache).
import { cacheKeys } from "../../src/cache/keys.ts";
import { createUpstashStore } from "../../src/cache/upstash-store.ts";
import { sleep } from "../../src/lib/sleep.ts";
import { type EdgeTarget, edgeGet, edgeRefresh, originGet } from "../clients.ts";
import { measureOp, type OpResult } from "../measure.ts";
import type { Stack } from "../stack.ts";

export interface ReadTier {
  /** Row id suffix and the tier's name (docs/architecture.md §Tiers and writes). */
  tier: "book" | "risk" | "attribution" | "morning_pack";
  path: string;
}

export const READ_TIERS: readonly ReadTier[] = [
  { tier: "book", path: "/book" },
  { tier: "risk", path: "/risk/live" },
  { tier: "attribution", path: "/attribution?period=mtd" },
  { tier: "morning_pack", path: "/morning-pack/latest" },
];

/**
 * Reads until the edge answers from its cache. The first read fills; but an entry still there
 * from an earlier row may be past its TTL, and then the edge answers `fwd=stale` while one
 * request revalidates it in the background. On a busy machine that revalidation (an origin call
 * and a store) can take longer than a few reads back to back, so wait for it: pauses that grow
 * from 50 ms, for at most PRIME_HIT_MS in all.
 */
const PRIME_HIT_MS = 15_000;

export async function primeHit(stack: EdgeTarget, path: string): Promise<void> {
  const seen: string[] = [];
  const deadline = performance.now() + PRIME_HIT_MS;
  for (let pauseMs = 50; ; pauseMs = Math.min(pauseMs * 2, 1000)) {
    const status = await edgeGet(stack, path);
    if (status.includes("hit")) return;
    if (seen.at(-1) !== status) seen.push(status);
    if (performance.now() + pauseMs > deadline) break;
    await sleep(pauseMs);
  }
  throw new Error(
    `GET ${path} through the edge answered no HIT within ${PRIME_HIT_MS / 1000} s; Cache-Status: ${seen.join(" | ")}`,
  );
}

export async function measureHit(stack: Stack, path: string, samples: number): Promise<OpResult> {
  // A row starts on a freshly stored entry: 1,000 samples must fit in the tier's fresh TTL.
  await edgeRefresh(stack, path);
  await primeHit(stack, path);
  return measureOp(stack, { samples, warmup: Math.min(50, samples), op: () => edgeGet(stack, path), expect: "hit" });
}

/** Bumps the portfolio generation through the edge's own store code, as a write would: the next book read is a MISS. */
export function generationBumper(stack: Stack): () => Promise<void> {
  const store = createUpstashStore({ url: stack.bridge.url, token: stack.bridgeToken, deadlineMs: 2000 });
  const prefix = stack.vars.CACHE_PREFIX ?? "pms:";
  const fund = stack.vars.FUND_ID ?? "demo";
  const meta = cacheKeys(prefix, fund).meta();
  // Version 0 leaves the version floor where it is; only the generation moves.
  return async () => {
    await store.bump(meta, ["portfolio"], 0);
  };
}

export async function measureMiss(stack: Stack, samples: number): Promise<OpResult> {
  const bump = generationBumper(stack);
  return measureOp(stack, {
    samples,
    warmup: Math.min(10, samples),
    before: bump,
    op: () => edgeGet(stack, "/book"),
    expect: "fwd=miss",
  });
}

export async function measureOriginDirect(stack: Stack, path: string, samples: number): Promise<OpResult> {
  return measureOp(stack, {
    samples,
    warmup: Math.min(10, samples),
    op: async () => {
      await originGet(stack, path);
    },
  });
}
