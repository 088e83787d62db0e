// Best-effort per-isolate state. It lives as long as the Workers isolate does (seconds to
// hours), is not shared between isolates and may vanish at any time; nothing correct depends on
// it being there. Tests build their own with newIsolateState().
import type { Tag } from "./tiers.ts";

/**
 * Circuit breaker for Redis (design.md rule 5): after `threshold` consecutive failures, skip
 * Redis for `cooldownMs`; after the cooldown one call probes again (half-open), and one more
 * failure re-opens it at once.
 */
export class Breaker {
  private failures = 0;
  private openUntil = 0;
  /** Half-open: the one call that is probing Redis; the others keep skipping it meanwhile. */
  private probing = false;
  threshold = 3;
  cooldownMs = 5_000;

  isOpen(now: number): boolean {
    return now < this.openUntil || (this.probing && this.failures >= this.threshold);
  }

  /** Whether a call may go to Redis now; after the cooldown, only one (the probe) may. */
  allow(now: number): boolean {
    if (this.failures < this.threshold) return true;
    if (now < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.probing = false;
  }

  failure(now: number): void {
    this.failures++;
    this.probing = false;
    if (this.failures >= this.threshold) this.openUntil = now + this.cooldownMs;
  }

  snapshot(now: number): { state: "open" | "closed"; consecutiveFailures: number; openForMs: number } {
    const open = this.isOpen(now);
    return { state: open ? "open" : "closed", consecutiveFailures: this.failures, openForMs: open ? this.openUntil - now : 0 };
  }
}

export interface CacheCounters {
  hit: number;
  miss: number;
  stale: number;
  bypass: number;
}

/**
 * Tags whose invalidation failed after the origin committed a write (design.md rule 2): until a
 * retry succeeds, this isolate bypasses every tier that depends on them.
 */
export class PendingInvalidations {
  private readonly pending = new Map<string, Set<Tag>>();
  /** Highest data version among the pending writes, per fund: the floor Redis has not seen. */
  private readonly versions = new Map<string, number>();
  /** Funds with a background retry running, so traffic does not start a second one. */
  readonly retrying = new Set<string>();

  add(fund: string, tags: readonly Tag[], version = 0): void {
    const set = this.pending.get(fund) ?? new Set<Tag>();
    for (const tag of tags) set.add(tag);
    this.pending.set(fund, set);
    this.versions.set(fund, Math.max(version, this.versions.get(fund) ?? 0));
  }

  version(fund: string): number {
    return this.versions.get(fund) ?? 0;
  }

  clear(fund: string, tags: readonly Tag[]): void {
    const set = this.pending.get(fund);
    if (!set) return;
    for (const tag of tags) set.delete(tag);
    if (set.size === 0) {
      this.pending.delete(fund);
      this.versions.delete(fund);
    }
  }

  tags(fund: string): Tag[] {
    return [...(this.pending.get(fund) ?? [])];
  }

  blocks(fund: string, tags: readonly Tag[]): boolean {
    const set = this.pending.get(fund);
    return set !== undefined && tags.some((t) => set.has(t));
  }
}

export interface IsolateState {
  breaker: Breaker;
  counters: CacheCounters;
  pending: PendingInvalidations;
}

export function newIsolateState(): IsolateState {
  return { breaker: new Breaker(), counters: { hit: 0, miss: 0, stale: 0, bypass: 0 }, pending: new PendingInvalidations() };
}

// The isolate's own state: module scope on purpose, see the header comment. One state per cache
// (Redis endpoint and key prefix): a deployment has one; tests that give each case its own Redis
// must not see another case's open breaker or pending invalidations.
const ISOLATE = new Map<string, IsolateState>();

export function isolateState(scope = ""): IsolateState {
  let state = ISOLATE.get(scope);
  if (!state) {
    state = newIsolateState();
    ISOLATE.set(scope, state);
  }
  return state;
}
