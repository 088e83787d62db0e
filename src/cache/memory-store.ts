// In-memory CacheStore with the same semantics as the Lua scripts, for unit tests of the
// protocol (races, set-if-newer, leases). Not for production: it is per isolate.
import type { CacheStore, LeaseRef, PutEntry } from "./cache-store.ts";

interface Stored {
  value: string;
  version: number;
  expiresAt: number;
}

export class MemoryStore implements CacheStore {
  readonly entries = new Map<string, Stored>();
  readonly gens = new Map<string, string>();
  readonly leases = new Map<string, { token: string; expiresAt: number }>();
  readonly floors = new Map<string, number>();
  /** Round trips served, for tests that count Redis calls. */
  calls = 0;
  private lastMicros = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private gen(key: string): string {
    let value = this.gens.get(key);
    if (value === undefined) {
      // Redis TIME in µs: unique, never 0/1 (lua-scripts.ts).
      this.lastMicros = Math.max(this.lastMicros + 1, this.now() * 1000);
      value = String(this.lastMicros);
      this.gens.set(key, value);
    }
    return value;
  }

  private live(key: string): Stored | undefined {
    const stored = this.entries.get(key);
    if (stored && stored.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return stored;
  }

  async read(entryKey: string, floorKey: string, genKeys: readonly string[]) {
    this.calls++;
    return { entry: this.live(entryKey)?.value ?? null, floor: this.floors.get(floorKey) ?? 0, gens: genKeys.map((k) => this.gen(k)) };
  }

  async generations(genKeys: readonly string[]) {
    this.calls++;
    return genKeys.map((k) => this.gen(k));
  }

  async put(entries: readonly PutEntry[], release?: LeaseRef) {
    this.calls++;
    const stored = entries.map((entry) => {
      if (!entry.expect.every(({ key, gen }) => this.gens.get(key) === gen)) return false;
      const stored = this.live(entry.key);
      if (stored && stored.version > entry.version) return false;
      this.entries.set(entry.key, { value: entry.value, version: entry.version, expiresAt: this.now() + entry.ttlMs });
      return true;
    });
    if (release && this.leases.get(release.key)?.token === release.token) this.leases.delete(release.key);
    return stored;
  }

  async bump(floorKey: string, genKeys: readonly string[], version: number) {
    this.calls++;
    if (version > (this.floors.get(floorKey) ?? 0)) this.floors.set(floorKey, version);
    return genKeys.map((k) => {
      const next = String(BigInt(this.gen(k)) + 1n);
      this.gens.set(k, next);
      return next;
    });
  }

  async acquireLease(key: string, token: string, ttlMs: number) {
    this.calls++;
    const held = this.leases.get(key);
    if (held && held.expiresAt > this.now()) return false;
    this.leases.set(key, { token, expiresAt: this.now() + ttlMs });
    return true;
  }

  async releaseLease(key: string, token: string) {
    this.calls++;
    if (this.leases.get(key)?.token === token) this.leases.delete(key);
  }

  async ping() {
    this.calls++;
  }
}
