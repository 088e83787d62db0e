// CacheStore over the Upstash REST API (@upstash/redis, Workers build). One REST request per
// operation: auto-pipelining is off (each script is its own request, nothing batches across
// operations), every request carries its own deadline, and client retries are really off.
import { Redis } from "@upstash/redis/cloudflare";
import type { CacheStore, LeaseRef, PutEntry } from "./cache-store.ts";
import {
  BUMP_SCRIPT,
  GENERATIONS_SCRIPT,
  PUT_SCRIPT,
  READ_SCRIPT,
  RELEASE_SCRIPT,
  putScriptArgs,
} from "./lua-scripts.ts";

export interface UpstashStoreOptions {
  url: string;
  token: string;
  /** Deadline of one Upstash request (Config.redisDeadlineMs). */
  deadlineMs: number;
}

// SHA-1 of each script, computed once per isolate: the scripts are constants, and the client's
// createScript would hash all of them again on every request (the store is built per request).
const SHA1 = new Map<string, Promise<string>>();

function sha1Of(source: string): Promise<string> {
  let digest = SHA1.get(source);
  if (!digest) {
    digest = crypto.subtle.digest("SHA-1", new TextEncoder().encode(source)).then((buffer) =>
      [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    );
    SHA1.set(source, digest);
  }
  return digest;
}

export function createUpstashStore(options: UpstashStoreOptions): CacheStore {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    // The function form: a fresh deadline per request (a fixed signal would be spent after the
    // first one). upstash-rest-protocol.md §2.
    signal: () => AbortSignal.timeout(options.deadlineMs),
    // `retry: false` still makes 2 attempts in 1.39 (its loop runs attempts + 1 times);
    // `retries: 0` is the one setting that makes exactly one. The breaker handles failures.
    retry: { retries: 0 },
    enableAutoPipelining: false,
    // Values are JSON we parse ourselves; generations must stay strings.
    automaticDeserialization: false,
    enableTelemetry: false,
  });
  // EVALSHA first, EVAL only on NOSCRIPT: one request once the script is loaded in Redis.
  const script = <T>(source: string) => ({
    async exec(keys: string[], args: string[]): Promise<T> {
      try {
        return (await redis.evalsha(await sha1Of(source), keys, args)) as T;
      } catch (error) {
        if (!/noscript/i.test(String((error as Error)?.message ?? error))) throw error;
        return (await redis.eval(source, keys, args)) as T;
      }
    },
  });
  const read = script<(string | null)[]>(READ_SCRIPT);
  const generations = script<string[]>(GENERATIONS_SCRIPT);
  const bump = script<string[]>(BUMP_SCRIPT);
  const put = script<number[]>(PUT_SCRIPT);
  const release = script<number>(RELEASE_SCRIPT);

  return {
    async read(entryKey, floorKey, genKeys) {
      const [entry = null, floor = null, ...gens] = await read.exec([entryKey, floorKey, ...genKeys], []);
      return { entry, floor: Number(floor ?? 0) || 0, gens: gens.map(String) };
    },
    async generations(genKeys) {
      if (genKeys.length === 0) return [];
      return (await generations.exec([...genKeys], [])).map(String);
    },
    async put(entries: readonly PutEntry[], release?: LeaseRef) {
      if (entries.length === 0) return [];
      const { keys, args } = putScriptArgs(entries, release);
      return (await put.exec(keys, args)).map((flag) => Number(flag) === 1);
    },
    async bump(floorKey, genKeys, version) {
      if (genKeys.length === 0) return [];
      return (await bump.exec([floorKey, ...genKeys], [String(version)])).map(String);
    },
    async acquireLease(key, token, ttlMs) {
      return (await redis.set(key, token, { nx: true, px: ttlMs })) === "OK";
    },
    async releaseLease(key, token) {
      await release.exec([key], [token]);
    },
    async ping() {
      await redis.ping();
    },
  };
}
