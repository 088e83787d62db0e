// Invalidation cost as the number of cached attribution variants grows (10, 1,000, 10,000).
//  - baseline: what the seed did on every write, through the Upstash REST API — DEL of the fixed
//    keys, then SCAN MATCH pms:attribution:* and a DEL per batch found, one request each;
//  - edge: the edge's invalidation, one EVALSHA of the bump script (INCR of the generation
//    counters the write bumps) through the same store code the Worker runs
//    (src/cache/upstash-store.ts); optionally also the edge's whole write path (POST /mtm).
// Keys are written through the bridge in pipelines of 500 (under its 1 MiB body limit) before each measurement; only the
// invalidation itself is timed and counted.
import { cacheKeys } from "../../src/cache/keys.ts";
import { createUpstashStore } from "../../src/cache/upstash-store.ts";
import { bridgeCall, edgePost, emptyCache, upstashClient } from "../clients.ts";
import { bridgeRequests, type Percentiles, percentiles } from "../measure.ts";
import type { Stack } from "../stack.ts";

/** The seed's SCAN batch size (a SCAN costs one round trip per 100 keys). */
const SEED_SCAN_COUNT = 100;
const SEED_FIXED_KEYS = ["pms:book", "pms:risk"];
const ENTRY_BYTES = 1024;

export interface InvalidationRow {
  variants: number;
  baseline: { reps: number; requests: number; ms: Percentiles };
  edgeBump: { reps: number; requests: number; ms: Percentiles };
  /** The edge's whole write path (origin MTM + invalidation + refresh), when the edge runs. */
  edgeWrite?: { reps: number; upstashRequests: number; ms: Percentiles; lastCacheStatus: string };
}

/** Empties the database and writes `commands` in pipelines of 500 (~0.5 MB each). */
async function resetAndFill(stack: Stack, commands: string[][]): Promise<void> {
  await emptyCache(stack);
  for (let i = 0; i < commands.length; i += 500) await bridgeCall(stack, "/pipeline", commands.slice(i, i + 500));
}

function seedLayout(variants: number): string[][] {
  const value = "x".repeat(ENTRY_BYTES);
  const cmds = SEED_FIXED_KEYS.map((k) => ["SET", k, value, "EX", "3600"]);
  for (let i = 0; i < variants; i++) cmds.push(["SET", `pms:attribution:v${i}`, value, "EX", "3600"]);
  return cmds;
}

function edgeLayout(prefix: string, fund: string, variants: number): string[][] {
  const value = "x".repeat(ENTRY_BYTES);
  const cmds: string[][] = [];
  for (let i = 0; i < variants; i++) {
    const key = cacheKeys(prefix, fund).entry("attribution", `v${i}`);
    cmds.push(["HSET", key, "v", "1", "e", value], ["PEXPIRE", key, "3600000"]);
  }
  return cmds;
}

/** The seed's invalidation, command for command. Returns the REST requests it made. */
async function seedInvalidate(stack: Stack): Promise<void> {
  const redis = upstashClient(stack);
  await redis.del(...SEED_FIXED_KEYS);
  let cursor = "0";
  // SCAN visits every key once per full cycle; the bound only guards against a server bug.
  for (let round = 0; round < 1_000_000; round++) {
    const [next, keys] = await redis.scan(cursor, { match: "pms:attribution:*", count: SEED_SCAN_COUNT });
    if (keys.length > 0) await redis.del(...keys);
    cursor = String(next);
    if (cursor === "0") return;
  }
  throw new Error("SCAN did not finish");
}

export interface InvalidationOptions {
  variantCounts: number[];
  /** Baseline repetitions per variant count (each refills the keys). */
  baselineReps: (variants: number) => number;
  bumpReps: number;
  /** POST /mtm repetitions through the edge per variant count (0: skip). */
  edgeWriteReps: number;
}

export async function runInvalidation(stack: Stack, opts: InvalidationOptions): Promise<InvalidationRow[]> {
  const prefix = stack.vars.CACHE_PREFIX ?? "pms:";
  const fund = stack.vars.FUND_ID ?? "demo";
  const store = createUpstashStore({ url: stack.bridge.url, token: stack.bridgeToken, deadlineMs: 2000 });
  // What an MTM bumps (src/cache/write-table.ts: portfolio), key layout of keys.ts; version 0
  // leaves the version floor where it is (the edge passes the origin's PMS-Data-Version).
  const meta = cacheKeys(prefix, fund).meta();
  const rows: InvalidationRow[] = [];
  for (const variants of opts.variantCounts) {
    const reps = opts.baselineReps(variants);
    const baselineMs: number[] = [];
    let baselineRequests = 0;
    for (let r = 0; r < reps; r++) {
      await resetAndFill(stack, seedLayout(variants));
      const u0 = await bridgeRequests(stack);
      const t0 = performance.now();
      await seedInvalidate(stack);
      baselineMs.push(performance.now() - t0);
      baselineRequests += (await bridgeRequests(stack)) - u0;
    }

    await resetAndFill(stack, edgeLayout(prefix, fund, variants));
    await store.bump(meta, ["portfolio"], 0); // loads the script (EVAL after NOSCRIPT) once, as a warm isolate has
    const bumpMs: number[] = [];
    const u0 = await bridgeRequests(stack);
    for (let r = 0; r < opts.bumpReps; r++) {
      const t0 = performance.now();
      await store.bump(meta, ["portfolio"], 0);
      bumpMs.push(performance.now() - t0);
    }
    const bumpRequests = (await bridgeRequests(stack)) - u0;
    const row: InvalidationRow = {
      variants,
      baseline: { reps, requests: baselineRequests / reps, ms: percentiles(baselineMs) },
      edgeBump: { reps: opts.bumpReps, requests: bumpRequests / opts.bumpReps, ms: percentiles(bumpMs) },
    };

    if (opts.edgeWriteReps > 0) {
      const writeMs: number[] = [];
      let lastCacheStatus = "";
      const w0 = await bridgeRequests(stack);
      for (let r = 0; r < opts.edgeWriteReps; r++) {
        const t0 = performance.now();
        lastCacheStatus = (await edgePost(stack, "/mtm", { price_overrides: {} })).cacheStatus;
        writeMs.push(performance.now() - t0);
      }
      const upstashRequests = ((await bridgeRequests(stack)) - w0) / opts.edgeWriteReps;
      row.edgeWrite = { reps: opts.edgeWriteReps, upstashRequests, ms: percentiles(writeMs), lastCacheStatus };
    }
    rows.push(row);
  }
  return rows;
}
