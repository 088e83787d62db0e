// The narrow store interface under PMSCache. Each method is ONE round trip to Redis (one Lua
// script through one Upstash REST request). Two implementations with the same semantics:
// upstash-store.ts (production) and memory-store.ts (unit tests); a property test runs random
// operation sequences on both and compares them (src/cache/store-equivalence.test.ts).
// Time (an entry's age, lease expiry) is the store's clock, so that edges whose clocks disagree
// still agree on what is fresh. docs/cache-protocol.md §Keys, §Reads, §Fills and leases.

/** What is cached for one key: stored with the generations it was computed under. */
export interface EntryRef {
  key: string;
  /** Tags the entry depends on, in the tier's order. */
  tags: readonly string[];
}

export interface LeaseTake {
  token: string;
  ttlMs: number;
}

export interface ReadRequest extends EntryRef {
  meta: string;
  lease: string;
  /** Fresh TTL: younger entries whose generations are current are HITs. */
  freshMs: number;
  /** Take the fill lease (SET NX PX) when the entry is not fresh. */
  take?: LeaseTake;
}

/**
 * absent: nothing stored; moved: stored under generations that are no longer current (never
 * served); fresh: current and younger than the fresh TTL; stale: current, older (within grace).
 */
export type StoredState = "absent" | "moved" | "fresh" | "stale";

/** acquired: this caller now holds the lease; taken: someone else holds it; free: nobody. */
export type LeaseState = "acquired" | "taken" | "free";

export interface ReadResult {
  /** The serialised envelope when the entry is fresh or stale, else null. */
  envelope: string | null;
  state: StoredState;
  /** Milliseconds since the entry was stored (0 when absent or moved). */
  ageMs: number;
  /** The fund's version floor (0 when unset). */
  floor: number;
  /** Current generations of `tags`, created when missing. */
  gens: string[];
  lease: LeaseState;
}

/** One entry to store with compare-and-set on generations and set-if-newer on the version. */
export interface PutEntry extends EntryRef {
  /** Generations observed before the origin was asked (same order as `tags`). */
  gens: readonly string[];
  /** Origin data version of the payload. */
  version: number;
  /** The envelope, serialised (envelope.ts). */
  value: string;
  /** Redis TTL: fresh TTL + grace. */
  ttlMs: number;
}

/** Leases held under one token (a fill holds one; a write-back holds one per refreshed key). */
export interface LeaseRef {
  keys: readonly string[];
  token: string;
}

/**
 * The entries a fund may hold: `index` records each stored entry with its store time; past
 * `maxEntries`, the oldest recorded are deleted in the same round trip.
 */
export interface EntryBudget {
  index: string;
  maxEntries: number;
}

export interface CacheStore {
  read(request: ReadRequest): Promise<ReadResult>;
  /** Current generations of `tags` (created when missing) and the version floor. */
  generations(meta: string, tags: readonly string[]): Promise<{ gens: string[]; floor: number }>;
  /**
   * Stores each entry only if its generations are still current, and not over an entry that is
   * itself current and has a newer version; true per entry stored. `release`: leases to delete
   * in the same round trip where `token` still holds them. `budget`: record the stored entries
   * in the fund's index and evict the oldest past it.
   */
  put(meta: string, entries: readonly PutEntry[], release?: LeaseRef, budget?: EntryBudget): Promise<boolean[]>;
  /**
   * Increments the generation of every tag (creating missing ones first), raises the floor to
   * `version` if higher, and sets `leases` to `take.token` (overwriting any holder: the
   * write-back that follows is the only fill that can still succeed); the new generations.
   */
  bump(
    meta: string,
    tags: readonly string[],
    version: number,
    leases?: { keys: readonly string[]; take: LeaseTake },
  ): Promise<string[]>;
  /** Extends the lease by ttlMs if `token` still holds it; false when it does not. */
  renewLease(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lease if `token` still holds it. */
  releaseLease(key: string, token: string): Promise<void>;
  ping(): Promise<void>;
}
