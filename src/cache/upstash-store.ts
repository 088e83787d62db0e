// CacheStore over the Upstash REST API (@upstash/redis, Workers build). One REST request per
// operation: auto-pipelining is off (each script is its own request, nothing batches across
// operations), every request carries its own deadline, and client retries are really off.
import { Redis } from "@upstash/redis/cloudflare";
import type { CacheStore, LeaseState, StoredState } from "./cache-store.ts";
import {
  BUMP_SCRIPT,
  GENERATIONS_SCRIPT,
  PUT_SCRIPT,
  putScriptArgs,
  READ_SCRIPT,
  RELEASE_SCRIPT,
  RENEW_SCRIPT,
  readScriptArgs,
} from "./lua-scripts.ts";

export interface UpstashStoreOptions {
  url: string;
  token: string;
  /** Deadline of one Upstash request (Config.redisDeadlineMs). */
  deadlineMs: number;
}

// SHA-1 of each script, computed once per isolate: the scripts are constants, and the client's
// createScript would hash all of them again for every store.
const SHA1 = new Map<string, Promise<string>>();

function sha1Of(source: string): Promise<string> {
  let digest = SHA1.get(source);
  if (!digest) {
    digest = crypto.subtle
      .digest("SHA-1", new TextEncoder().encode(source))
      .then((buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join(""));
    SHA1.set(source, digest);
  }
  return digest;
}

/**
 * Client options of the edge (and of the bench's floor Worker, so the floor measures the same
 * client). Besides the deadline and the retries:
 * - `responseEncoding: false`: plain JSON answers. The default (base64) makes the client decode
 *   every string of every answer byte by byte (about 120 µs for a 13 KB book) and carries a
 *   third more bytes; our values are JSON text, which plain UTF-8 carries exactly.
 * - `readYourWrites: false`: no `upstash-sync-token` echo. Ordering comes from the generations
 *   and compare-and-set in the scripts (docs/cache-protocol.md), not from a per-client token;
 *   with one client per isolate the token would even tie unrelated requests together.
 */
export const UPSTASH_CLIENT_OPTIONS = {
  // `retry: false` still makes 2 attempts in 1.39 (its loop runs attempts + 1 times);
  // `retries: 0` is the one setting that makes exactly one. The breaker handles failures.
  retry: { retries: 0 },
  enableAutoPipelining: false,
  // Values are JSON we parse ourselves; generations must stay strings.
  automaticDeserialization: false,
  enableTelemetry: false,
  responseEncoding: false,
  readYourWrites: false,
} as const;

// One store per endpoint, token and deadline in this isolate. The services build the store on
// every request, and a new client (its headers, its command classes) cost more than a HIT's own
// work in the profile; the store holds no request's state, and each request still gets a
// deadline of its own (the signal function).
const stores = new Map<string, CacheStore>();
const MAX_STORES = 16;

export function createUpstashStore(options: UpstashStoreOptions): CacheStore {
  const id = `${options.url}\n${options.token}\n${options.deadlineMs}`;
  let store = stores.get(id);
  if (!store) {
    if (stores.size >= MAX_STORES) stores.clear();
    store = newUpstashStore(options);
    stores.set(id, store);
  }
  return store;
}

function newUpstashStore(options: UpstashStoreOptions): CacheStore {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    // The function form: a fresh deadline per request (a fixed signal would be spent after the
    // first one).
    signal: () => AbortSignal.timeout(options.deadlineMs),
    ...UPSTASH_CLIENT_OPTIONS,
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
  const renew = script<number>(RENEW_SCRIPT);
  const release = script<number>(RELEASE_SCRIPT);

  return {
    async read(request) {
      const { keys, args } = readScriptArgs(request);
      const [envelope = null, state, age, floor, lease, ...gens] = await read.exec(keys, args);
      return {
        envelope,
        state: state as StoredState,
        ageMs: Number(age) || 0,
        floor: Number(floor) || 0,
        gens: gens.map(String),
        lease: lease as LeaseState,
      };
    },
    async generations(meta, tags) {
      const [floor, ...gens] = await generations.exec([meta], [...tags]);
      return { floor: Number(floor) || 0, gens: gens.map(String) };
    },
    async put(meta, entries, releaseRef, budget) {
      if (entries.length === 0) return [];
      const { keys, args } = putScriptArgs(meta, entries, releaseRef, budget);
      return (await put.exec(keys, args)).map((flag) => Number(flag) === 1);
    },
    async bump(meta, tags, version, leases) {
      if (tags.length === 0) return [];
      const take = leases?.take;
      const keys = [meta, ...(take ? (leases?.keys ?? []) : [])];
      return (await bump.exec(keys, [String(version), take?.token ?? "", String(take?.ttlMs ?? 0), ...tags])).map(
        String,
      );
    },
    async renewLease(key, token, ttlMs) {
      return Number(await renew.exec([key], [token, String(ttlMs)])) === 1;
    },
    async releaseLease(key, token) {
      await release.exec([key], [token]);
    },
    async ping() {
      await redis.ping();
    },
  };
}
