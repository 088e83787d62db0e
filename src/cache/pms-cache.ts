// PMSCache: the cache protocol over a CacheStore, for one fund and one request
// (docs/cache-protocol.md). Reads, fills and lease calls go through the isolate's breaker: when
// it is open, or Redis fails, they throw CacheUnavailable and the caller goes to the origin. The
// bump of a write does NOT go through the breaker: it is tried a bounded number of times
// whatever the breaker says, because skipping it would leave other isolates serving pre-write
// entries (§Writes).
import type { Config } from "../config.ts";
import { sleep } from "../lib/sleep.ts";
import { type LogEvent, logEvent } from "../log.ts";
import type { CacheStore, PutEntry, StoredState } from "./cache-store.ts";
import { type Envelope, makeEnvelope, parseEnvelope, serializeEnvelope } from "./envelope.ts";
import { fundToday } from "./fund-date.ts";
import { type Breaker, type IsolateState, isolateState } from "./isolate-state.ts";
import { type CacheKeys, cacheKeys } from "./keys.ts";
import { TAGS, type Tag, TIERS, type TierName, tierRow } from "./tiers.ts";

/** Redis is skipped (breaker open) or failed: the caller answers from the origin. */
export class CacheUnavailable extends Error {
  constructor(
    readonly reason: "breaker-open" | "redis-error",
    cause?: unknown,
  ) {
    super(reason === "breaker-open" ? "cache skipped: breaker open" : "cache unavailable: redis failed", { cause });
    this.name = "CacheUnavailable";
  }
}

/** tag → generation. */
export type Generations = Partial<Record<Tag, string>>;

/** What one read found: the entry's state is decided by the store (its clock, its generations). */
export type EntryState = StoredState;

export interface CacheRead {
  tier: TierName;
  variant: string;
  /** The payload when the entry is fresh or stale (generations current), else null. */
  envelope: Envelope | null;
  /** Current generations of the tier's tags (tier order), read before any origin call that follows. */
  gens: string[];
  state: EntryState;
  /** Whole seconds since the entry was stored (RFC 9111 Age). */
  ageSeconds: number;
  /** Fresh TTL left, seconds; negative once stale (RFC 9211 `ttl`). */
  ttlSeconds: number;
  /**
   * The highest data version a write through the edge has acknowledged (0 if none). An entry
   * whose generations are current is current as of that version.
   */
  floorVersion: number;
  /** The fill lease: our token when this read took it, "taken" when another holds it. */
  lease: { token: string } | "taken" | "free";
}

/** An origin answer to store: its JSON body verbatim and its PMS-Data-Version. */
export interface Payload {
  body: string;
  version: number;
}

export interface RefreshItem extends Payload {
  tier: TierName;
  variant: string;
}

/** A failure's text for a log line (CacheUnavailable names its cause). */
export function messageOf(error: unknown): string {
  if (error instanceof CacheUnavailable)
    return error.cause === undefined ? error.reason : `${error.reason}: ${messageOf(error.cause)}`;
  // The client's messages quote the whole command (values included): keep the start only.
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** Attempts of a write's bump, and the pauses between them (§Writes): bounded, well under a second. */
const BUMP_PAUSES_MS = [50, 200];

export interface PMSCacheOptions {
  store: CacheStore;
  config: Config;
  fund: string;
  /** Per-isolate breaker, counters, pending invalidations, flights; the module's own by default. */
  isolate?: IsolateState;
  now?: () => number;
  /** The request this cache serves (X-Request-Id), named in its log lines. */
  requestId?: string;
}

export class PMSCache {
  readonly fund: string;
  readonly config: Config;
  readonly isolate: IsolateState;
  readonly now: () => number;
  readonly keys: CacheKeys;
  readonly requestId: string | null;
  private readonly store: CacheStore;

  constructor(options: PMSCacheOptions) {
    this.store = options.store;
    this.config = options.config;
    this.fund = options.fund;
    this.isolate = options.isolate ?? isolateState();
    this.now = options.now ?? Date.now;
    this.keys = cacheKeys(options.config.prefix, options.fund);
    this.requestId = options.requestId ?? null;
    this.isolate.breaker.threshold = options.config.breakerThreshold;
    this.isolate.breaker.cooldownMs = options.config.breakerCooldownMs;
  }

  /** One structured log line about this fund, naming the request (log.ts). */
  log(event: LogEvent, fields: Record<string, unknown> = {}): void {
    logEvent(event, this.requestId, { fund: this.fund, ...fields });
  }

  /** Runs a step of the isolate's breaker and logs the transition it made, if any. */
  private breakerStep<T>(step: (breaker: Breaker) => T): T {
    const breaker = this.isolate.breaker;
    const before = breaker.phase();
    const result = step(breaker);
    const after = breaker.phase();
    if (after !== before) this.log(`breaker.${after}`, { from: before, threshold: breaker.threshold });
    return result;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    if (!this.breakerStep((b) => b.allow(this.now()))) throw new CacheUnavailable("breaker-open");
    try {
      const result = await op();
      this.breakerStep((b) => b.success());
      return result;
    } catch (error) {
      this.breakerStep((b) => b.failure(this.now()));
      throw new CacheUnavailable("redis-error", error);
    }
  }

  /** Why `tier` must go straight to the origin in this isolate right now, if it must. */
  bypassReason(tier: TierName): "breaker-open" | "invalidation-pending" | null {
    if (this.isolate.breaker.isOpen(this.now())) return "breaker-open";
    if (this.isolate.pending.blocks(this.fund, tierRow(tier).tags)) return "invalidation-pending";
    return null;
  }

  today(): string {
    return fundToday(this.now());
  }

  /** The lease token to take with a read, and how long a lease lives unless renewed. */
  private take() {
    return { token: crypto.randomUUID(), ttlMs: this.config.leaseMs };
  }

  /**
   * The entry of (tier, variant), the current generations of its tags and, when the entry is
   * not fresh and `takeLease`, the fill lease: one request.
   */
  async read(tier: TierName, variant: string, takeLease = true): Promise<CacheRead> {
    const tags = tierRow(tier).tags;
    const take = takeLease ? this.take() : undefined;
    const raw = await this.guard(() =>
      this.store.read({
        meta: this.keys.meta(),
        key: this.keys.entry(tier, variant),
        lease: this.keys.lease(tier, variant),
        tags,
        freshMs: this.config.ttl[tier] * 1000,
        ...(take ? { take } : {}),
      }),
    );
    const envelope = parseEnvelope(raw.envelope);
    const ageSeconds = Math.floor(raw.ageMs / 1000);
    // A corrupt entry is a miss (overwritten by the next fill).
    const state: EntryState = envelope || raw.state === "absent" || raw.state === "moved" ? raw.state : "absent";
    // A write whose invalidation is still being retried has not raised the floor in Redis yet.
    const floorVersion = Math.max(raw.floor, this.isolate.pending.version(this.fund));
    const lease = raw.lease === "acquired" && take ? { token: take.token } : raw.lease === "taken" ? "taken" : "free";
    return {
      tier,
      variant,
      envelope,
      gens: raw.gens,
      state,
      ageSeconds,
      ttlSeconds: this.config.ttl[tier] - ageSeconds,
      floorVersion,
      lease,
    };
  }

  private async entry(item: RefreshItem, gens: readonly string[]): Promise<PutEntry> {
    return {
      key: this.keys.entry(item.tier, item.variant),
      tags: tierRow(item.tier).tags,
      gens,
      version: item.version,
      value: serializeEnvelope(await makeEnvelope(item.body, item.version)),
      ttlMs:
        (this.config.ttl[item.tier] + (tierRow(item.tier).graceless?.(item.variant) ? 0 : this.config.graceSeconds)) *
        1000,
    };
  }

  /** The fund's budget of entries, recorded and enforced by every store. */
  private budget() {
    return { index: this.keys.index(), maxEntries: this.config.security.maxEntries };
  }

  /**
   * Compare-and-set fill after an origin read: stored only if the generations of `read` (read
   * BEFORE the origin call) are still current. True when stored. `leaseToken`: the fill lease
   * this request holds, released in the same request.
   */
  async fill(read: CacheRead, payload: Payload, leaseToken?: string): Promise<boolean> {
    const entry = await this.entry({ tier: read.tier, variant: read.variant, ...payload }, read.gens);
    const release = leaseToken ? { keys: [this.keys.lease(read.tier, read.variant)], token: leaseToken } : undefined;
    const [stored = false] = await this.guard(() => this.store.put(this.keys.meta(), [entry], release, this.budget()));
    return stored;
  }

  /**
   * Write-back of several entries computed after a bump, with the generations the bump returned:
   * one request, releasing the leases the bump took for them.
   */
  async writeBack(
    items: readonly RefreshItem[],
    gens: Generations,
    release?: { token: string; items: readonly { tier: TierName; variant: string }[] },
  ): Promise<boolean[]> {
    const entries = await Promise.all(
      items.map((i) =>
        this.entry(
          i,
          tierRow(i.tier).tags.map((t) => gens[t] ?? ""),
        ),
      ),
    );
    const leases = release
      ? { keys: release.items.map((i) => this.keys.lease(i.tier, i.variant)), token: release.token }
      : undefined;
    if (entries.length === 0 && !leases) return [];
    return this.guard(() => this.store.put(this.keys.meta(), entries, leases, this.budget()));
  }

  /**
   * INCRs every tag in one request (O(1) in the number of variants), raises the version floor to
   * the write's data version, and takes the fill leases of `leases` (the write-back that
   * follows). Tried up to three times, never through the breaker; throws CacheUnavailable when
   * every attempt failed. The new generations and the token of the leases.
   */
  async invalidate(
    tags: readonly Tag[],
    version = 0,
    leases: readonly { tier: TierName; variant: string }[] = [],
  ): Promise<{ gens: Generations; token: string }> {
    const { pending } = this.isolate;
    const mark = pending.mark();
    // The bump also covers the writes still pending here, so it raises the floor to theirs too.
    const floor = Math.max(version, pending.version(this.fund));
    const take = this.take();
    const keys = leases.map((l) => this.keys.lease(l.tier, l.variant));
    let lastError: unknown;
    for (let attempt = 0; attempt <= BUMP_PAUSES_MS.length; attempt++) {
      if (attempt > 0) await sleep(BUMP_PAUSES_MS[attempt - 1]!);
      try {
        const values = await this.store.bump(this.keys.meta(), tags, floor, keys.length ? { keys, take } : undefined);
        this.breakerStep((b) => b.success()); // Redis answered: reads may use it again at once
        pending.clear(this.fund, tags, mark);
        return { gens: Object.fromEntries(tags.map((t, i) => [t, values[i] ?? ""])), token: take.token };
      } catch (error) {
        lastError = error;
      }
    }
    throw new CacheUnavailable("redis-error", lastError);
  }

  /** Keeps a held lease alive while its holder works; false when the lease is no longer ours. */
  async renewLease(tier: TierName, variant: string, token: string): Promise<boolean> {
    return this.guard(() => this.store.renewLease(this.keys.lease(tier, variant), token, this.config.leaseMs));
  }

  async releaseLease(tier: TierName, variant: string, token: string): Promise<void> {
    await this.guard(() => this.store.releaseLease(this.keys.lease(tier, variant), token));
  }

  /** True when Redis answered (through the breaker). */
  async ping(): Promise<boolean> {
    try {
      await this.guard(() => this.store.ping());
      return true;
    } catch {
      return false;
    }
  }

  /** Tiers and TTLs, current generations and floor, and this isolate's counters and breaker. */
  async status() {
    let meta: { gens: string[]; floor: number } | null = null;
    try {
      meta = await this.guard(() => this.store.generations(this.keys.meta(), TAGS));
    } catch {
      meta = null;
    }
    return {
      fund: this.fund,
      redis: meta ? "up" : "unavailable",
      tiers: Object.entries(TIERS).map(([route, row]) => ({
        route,
        tier: row.tier,
        tags: row.tags,
        ttl_seconds: this.config.ttl[row.tier],
        grace_seconds: this.config.graceSeconds,
      })),
      generations: meta ? Object.fromEntries(TAGS.map((t, i) => [t, meta!.gens[i]])) : null,
      version_floor: meta?.floor ?? null,
      isolate: {
        counters: { ...this.isolate.counters },
        breaker: this.isolate.breaker.snapshot(this.now()),
        pending_invalidations: this.isolate.pending.tags(this.fund),
        flights_started: this.isolate.flights.started,
      },
    };
  }
}
