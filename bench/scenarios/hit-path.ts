// The HIT path against the code before a change, in one run: a HIT of every tier on today's edge
// and on the edge at an earlier commit (bench/baseline-edge.ts), and the floor Worker with each
// one's Upstash client options, sample by sample in rounds. Each round takes one sample of every
// series, in an order shuffled anew every round, so a load swing on the machine lands on all of
// them alike instead of on whichever row happened to run during it, and no series keeps a place
// in the round (a request right after one to the same Worker runs warmer).
// The verdict per tier: HIT / floor-with-runtime p50 now ≤ the same ratio at the earlier commit,
// each over its own floor (today's client options against the client's defaults then).
import { type EdgeTarget, edgeGet, edgeRefresh } from "../clients.ts";
import { type Percentiles, percentiles } from "../measure.ts";
import type { Stack } from "../stack.ts";
import { primeHit, READ_TIERS, type ReadTier } from "./reads.ts";

export interface HitPathTier {
  tier: ReadTier["tier"];
  path: string;
  now: Percentiles;
  before: Percentiles;
  /** HIT p50 / its floor's p50. */
  ratioNow: number;
  ratioBefore: number;
  /** ratioNow ≤ ratioBefore. */
  atOrBelow: boolean;
  /** Answers that were not a HIT (reported, not dropped). */
  notHit: { now: number; before: number };
}

export interface HitPathResult {
  /** The earlier commit the baseline edge was built from. */
  baselineCommit: string;
  rounds: number;
  /** Floor Worker with today's client options / with the client's defaults (the earlier code's floor). */
  floorNow: Percentiles;
  floorBefore: Percentiles;
  tiers: HitPathTier[];
}

type Sampler = () => Promise<boolean>;

/** About 5 s of rounds on a quiet machine, 15 s on a busy one. */
const REFRESH_EVERY = 100;

/** mulberry32: a small seeded generator, so two runs shuffle alike. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates over a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function measureHitPath(stack: Stack, rounds: number, warmupRounds: number): Promise<HitPathResult> {
  if (!stack.baseline) throw new Error("the stack was started without a baseline edge (baselineRef)");
  const baselineEdge: EdgeTarget = { ...stack, edgeUrl: stack.baseline.edgeUrl };
  for (const { path } of READ_TIERS) {
    await primeHit(stack, path);
    await primeHit(baselineEdge, path);
  }
  const floor =
    (url: string): Sampler =>
    async () => {
      const res = await fetch(url);
      const text = await res.text();
      if (!res.ok || text.length === 0) throw new Error(`floor ${url}: HTTP ${res.status}`);
      return true;
    };
  const hit =
    (edge: EdgeTarget, path: string): Sampler =>
    async () =>
      (await edgeGet(edge, path)).includes("hit");
  const series: { name: string; sample: Sampler; ms: number[]; misses: number }[] = [
    { name: "floor now", sample: floor(stack.floorUrl), ms: [], misses: 0 },
    { name: "floor before", sample: floor(stack.floorDefaultsUrl), ms: [], misses: 0 },
  ];
  for (const { tier, path } of READ_TIERS) {
    series.push({ name: `${tier} now`, sample: hit(stack, path), ms: [], misses: 0 });
    series.push({ name: `${tier} before`, sample: hit(baselineEdge, path), ms: [], misses: 0 });
  }
  const random = seededRandom(1);
  for (let round = 0; round < warmupRounds + rounds; round++) {
    // Untimed: every entry stored afresh every REFRESH_EVERY rounds, well inside the shortest
    // fresh TTL (book 30 s), so the HITs never meet an expiry and its revalidation.
    if (round % REFRESH_EVERY === 0) {
      for (const { path } of READ_TIERS) await Promise.all([edgeRefresh(stack, path), edgeRefresh(baselineEdge, path)]);
    }
    for (const s of shuffled(series, random)) {
      const t0 = performance.now();
      const ok = await s.sample();
      const ms = performance.now() - t0;
      if (round < warmupRounds) continue;
      s.ms.push(ms);
      if (!ok) s.misses++;
    }
  }
  const of = (name: string) => series.find((s) => s.name === name)!;
  const floorNow = percentiles(of("floor now").ms);
  const floorBefore = percentiles(of("floor before").ms);
  const tiers = READ_TIERS.map(({ tier, path }): HitPathTier => {
    const now = percentiles(of(`${tier} now`).ms);
    const before = percentiles(of(`${tier} before`).ms);
    const ratioNow = now.p50 / floorNow.p50;
    const ratioBefore = before.p50 / floorBefore.p50;
    return {
      tier,
      path,
      now,
      before,
      ratioNow,
      ratioBefore,
      atOrBelow: ratioNow <= ratioBefore,
      notHit: { now: of(`${tier} now`).misses, before: of(`${tier} before`).misses },
    };
  });
  return { baselineCommit: stack.baseline.commit, rounds, floorNow, floorBefore, tiers };
}
