// The narrow store interface under PMSCache. Each method is ONE round trip to Redis (one Lua
// script or one command through one Upstash REST request). Two implementations: upstash-store.ts
// (production, the Upstash REST API) and memory-store.ts (unit tests), with the same semantics.

/** One entry to store with compare-and-set on generations and set-if-newer on the data version. */
export interface PutEntry {
  key: string;
  /** The envelope, serialised (envelope.ts). */
  value: string;
  /** Origin data version (PMS-Data-Version): stored only if not older than the stored entry's. */
  version: number;
  /** Redis TTL: fresh TTL + grace window. */
  ttlMs: number;
  /** Stored only if every generation key still holds the value observed before the origin call. */
  expect: readonly { key: string; gen: string }[];
}

export interface LeaseRef {
  key: string;
  token: string;
}

export interface CacheStore {
  /**
   * The serialised entry (or null), the version floor (0 when unset) and the generations of
   * `genKeys`, created when missing.
   */
  read(entryKey: string, floorKey: string, genKeys: readonly string[]): Promise<{ entry: string | null; floor: number; gens: string[] }>;
  /** Current generations of `genKeys`, created when missing (unique value, never 0 or 1). */
  generations(genKeys: readonly string[]): Promise<string[]>;
  /**
   * Conditional store of several entries at once; true per entry that was stored. `release`:
   * a fill lease to delete in the same round trip if the token still holds it.
   */
  put(entries: readonly PutEntry[], release?: LeaseRef): Promise<boolean[]>;
  /**
   * Increments every generation (creating missing ones first) and raises the version floor to
   * `version` if it is higher; the new generations.
   */
  bump(floorKey: string, genKeys: readonly string[], version: number): Promise<string[]>;
  /** SET key token NX PX ttlMs: true when this caller now holds the lease. */
  acquireLease(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lease if `token` still holds it. */
  releaseLease(key: string, token: string): Promise<void>;
  ping(): Promise<void>;
}
