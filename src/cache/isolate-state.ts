// Best-effort per-isolate state. It lives as long as the Workers isolate does (seconds to
// hours), is not shared between isolates and may vanish at any time; nothing correct depends on
// it being there. Tests build their own with newIsolateState().
import { SingleFlight } from "./single-flight.ts";
import type { Tag } from "./tiers.ts";

/**
 * Circuit breaker for Redis reads (docs/cache-protocol.md §Failures): after `threshold` consecutive failures, skip
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

  /** closed; open (skipping Redis, or cooling down); half-open (one probe is out). */
  phase(): "closed" | "open" | "half-open" {
    if (this.failures < this.threshold) return "closed";
    return this.probing ? "half-open" : "open";
  }

  snapshot(now: number): { state: "open" | "closed"; consecutiveFailures: number; openForMs: number } {
    const open = this.isOpen(now);
    return {
      state: open ? "open" : "closed",
      consecutiveFailures: this.failures,
      openForMs: open ? this.openUntil - now : 0,
    };
  }
}

export interface CacheCounters {
  hit: number;
  miss: number;
  stale: number;
  bypass: number;
}

/**
 * Tags whose invalidation failed after the origin committed a write (docs/cache-protocol.md §Writes): until a
 * retry succeeds, this isolate bypasses every tier that depends on them.
 */
export class PendingInvalidations {
  /** fund → tag → sequence number of the latest failed write that left the tag pending. */
  private readonly pending = new Map<string, Map<Tag, number>>();
  /** Highest data version among the pending writes, per fund: the floor Redis has not seen. */
  private readonly versions = new Map<string, number>();
  private seq = 0;
  /** Funds with a background retry running, so traffic does not start a second one. */
  readonly retrying = new Set<string>();

  add(fund: string, tags: readonly Tag[], version = 0): void {
    const seq = ++this.seq;
    const map = this.pending.get(fund) ?? new Map<Tag, number>();
    for (const tag of tags) map.set(tag, seq);
    this.pending.set(fund, map);
    this.versions.set(fund, Math.max(version, this.versions.get(fund) ?? 0));
  }

  /**
   * Taken before a bump is sent. A bump only covers the writes that failed before it was sent:
   * one sent earlier whose answer arrives after another write failed must not clear that one.
   */
  mark(): number {
    return this.seq;
  }

  version(fund: string): number {
    return this.versions.get(fund) ?? 0;
  }

  /** Clears `tags` left pending by writes up to `mark` (all of them by default). */
  clear(fund: string, tags: readonly Tag[], mark = Number.POSITIVE_INFINITY): void {
    const map = this.pending.get(fund);
    if (!map) return;
    for (const tag of tags) if ((map.get(tag) ?? Infinity) <= mark) map.delete(tag);
    if (map.size === 0) {
      this.pending.delete(fund);
      this.versions.delete(fund);
    }
  }

  tags(fund: string): Tag[] {
    return [...(this.pending.get(fund)?.keys() ?? [])];
  }

  blocks(fund: string, tags: readonly Tag[]): boolean {
    const map = this.pending.get(fund);
    return map !== undefined && tags.some((t) => map.has(t));
  }
}

export interface IsolateState {
  breaker: Breaker;
  counters: CacheCounters;
  pending: PendingInvalidations;
  /** Concurrent identical tier reads of this isolate share one resolution (single-flight.ts). */
  flights: SingleFlight;
}

export function newIsolateState(): IsolateState {
  return {
    breaker: new Breaker(),
    counters: { hit: 0, miss: 0, stale: 0, bypass: 0 },
    pending: new PendingInvalidations(),
    flights: new SingleFlight(),
  };
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
