// In-memory CacheStore with the same semantics as the Lua scripts, for unit tests of the
// protocol (races, set-if-newer, leases). Not for production: it is per isolate. The property
// test in store-equivalence.test.ts holds it to the scripts.
import type { CacheStore, EntryBudget, LeaseRef, PutEntry, ReadRequest, ReadResult } from "./cache-store.ts";
import { joinGens } from "./lua-scripts.ts";

interface Stored {
  gens: string;
  version: number;
  storedAt: number;
  value: string;
  expiresAt: number;
}

interface Expiring {
  value: string;
  expiresAt: number;
}

export class MemoryStore implements CacheStore {
  readonly entries = new Map<string, Stored>();
  /** meta key → field (`g:{tag}`, `floor`) → value. */
  readonly metas = new Map<string, Map<string, string>>();
  readonly leases = new Map<string, Expiring>();
  /** index key → entry key → store time in µs (the sorted set of PUT_SCRIPT's budget). */
  readonly indexes = new Map<string, Map<string, number>>();
  /** Round trips served, for tests that count Redis calls. */
  calls = 0;
  private lastMicros = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private meta(key: string): Map<string, string> {
    let meta = this.metas.get(key);
    if (!meta) this.metas.set(key, (meta = new Map()));
    return meta;
  }

  private gens(metaKey: string, tags: readonly string[]): string[] {
    const meta = this.meta(metaKey);
    return tags.map((tag) => {
      let value = meta.get(`g:${tag}`);
      if (value === undefined) {
        // Redis TIME in µs: unique, never 0/1 (lua-scripts.ts).
        value = String(this.micros());
        meta.set(`g:${tag}`, value);
      }
      return value;
    });
  }

  private micros(): number {
    this.lastMicros = Math.max(this.lastMicros + 1, this.now() * 1000);
    return this.lastMicros;
  }

  private floor(metaKey: string): number {
    return Number(this.metas.get(metaKey)?.get("floor") ?? 0);
  }

  private live<T extends { expiresAt: number }>(map: Map<string, T>, key: string): T | undefined {
    const item = map.get(key);
    if (item && item.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return item;
  }

  async read(r: ReadRequest): Promise<ReadResult> {
    this.calls++;
    const gens = this.gens(r.meta, r.tags);
    const stored = this.live(this.entries, r.key);
    let state: ReadResult["state"] = "absent";
    let ageMs = 0;
    if (stored) {
      if (stored.gens === joinGens(gens)) {
        ageMs = Math.max(0, this.now() - stored.storedAt);
        state = ageMs < r.freshMs ? "fresh" : "stale";
      } else {
        state = "moved";
      }
    }
    let lease: ReadResult["lease"] = "free";
    if (state !== "fresh") {
      if (r.take && !this.live(this.leases, r.lease)) {
        this.leases.set(r.lease, { value: r.take.token, expiresAt: this.now() + r.take.ttlMs });
        lease = "acquired";
      } else if (this.live(this.leases, r.lease)) {
        lease = "taken";
      }
    }
    const envelope = state === "fresh" || state === "stale" ? stored!.value : null;
    return { envelope, state, ageMs, floor: this.floor(r.meta), gens, lease };
  }

  async generations(meta: string, tags: readonly string[]) {
    this.calls++;
    return { gens: this.gens(meta, tags), floor: this.floor(meta) };
  }

  async put(metaKey: string, entries: readonly PutEntry[], release?: LeaseRef, budget?: EntryBudget) {
    this.calls++;
    const meta = this.metas.get(metaKey);
    // The index's score, like Redis TIME in µs: one per call, increasing from call to call.
    const score = this.micros();
    const stored = entries.map((entry) => {
      const current = joinGens(entry.tags.map((t) => meta?.get(`g:${t}`) ?? ""));
      if (current !== joinGens(entry.gens)) return false;
      const old = this.live(this.entries, entry.key);
      if (old && old.gens === current && old.version > entry.version) return false;
      const now = this.now();
      this.entries.set(entry.key, {
        gens: current,
        version: entry.version,
        storedAt: now,
        value: entry.value,
        expiresAt: now + Math.max(1, Math.round(entry.ttlMs)),
      });
      if (budget) this.index(budget.index).set(entry.key, score);
      return true;
    });
    if (budget) this.evict(budget);
    for (const key of release?.keys ?? []) this.dropLease(key, release!.token);
    return stored;
  }

  private index(key: string): Map<string, number> {
    let index = this.indexes.get(key);
    if (!index) this.indexes.set(key, (index = new Map()));
    return index;
  }

  /** ZPOPMIN past the budget: the oldest store times first, ties by key (Redis's order). */
  private evict(budget: EntryBudget): void {
    const index = this.index(budget.index);
    const over = index.size - budget.maxEntries;
    if (over <= 0) return;
    const oldest = [...index].sort(([ka, ta], [kb, tb]) => ta - tb || (ka < kb ? -1 : ka > kb ? 1 : 0)).slice(0, over);
    for (const [key] of oldest) {
      index.delete(key);
      this.entries.delete(key);
    }
  }

  async bump(
    metaKey: string,
    tags: readonly string[],
    version: number,
    leases?: { keys: readonly string[]; take: { token: string; ttlMs: number } },
  ) {
    this.calls++;
    const meta = this.meta(metaKey);
    if (version > this.floor(metaKey)) meta.set("floor", String(version));
    const next = this.gens(metaKey, tags).map((gen, i) => {
      const value = String(BigInt(gen) + 1n);
      meta.set(`g:${tags[i]}`, value);
      return value;
    });
    for (const key of leases?.keys ?? [])
      this.leases.set(key, { value: leases!.take.token, expiresAt: this.now() + leases!.take.ttlMs });
    return next;
  }

  async renewLease(key: string, token: string, ttlMs: number) {
    this.calls++;
    const lease = this.live(this.leases, key);
    if (lease?.value !== token) return false;
    lease.expiresAt = this.now() + ttlMs;
    return true;
  }

  async releaseLease(key: string, token: string) {
    this.calls++;
    this.dropLease(key, token);
  }

  private dropLease(key: string, token: string): void {
    if (this.live(this.leases, key)?.value === token) this.leases.delete(key);
  }

  async ping() {
    this.calls++;
  }
}
