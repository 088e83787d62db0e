// PMSCache: the cache protocol of design.md over a CacheStore, for one fund and one request.
// Generic operations (read / fill / refresh / invalidate / lease) serve the tier-cache and
// write-through middleware; the named ones (getBook, setBook, …) keep the seed's vocabulary for
// the warm-up and scripts. Every store call goes through the isolate's breaker: when it is open,
// or Redis fails, the call throws CacheUnavailable and the caller goes to the origin.
import type { Bindings, Config, TierName } from "../env.ts";
import type { CacheStore, PutEntry } from "./cache-store.ts";
import { makeEnvelope, parseEnvelope, type Envelope } from "./envelope.ts";
import { fundToday } from "./fund-date.ts";
import { isolateState, type IsolateState } from "./isolate-state.ts";
import { cacheKeys, variantOf, type CacheKeys } from "./keys.ts";
import { TAGS, TIERS, tierRow, type Tag } from "./tiers.ts";
import { createUpstashStore } from "./upstash-store.ts";

/** Redis is skipped (breaker open) or failed: the caller answers from the origin. */
export class CacheUnavailable extends Error {
  constructor(readonly reason: "breaker-open" | "redis-error", cause?: unknown) {
    super(reason === "breaker-open" ? "cache skipped: breaker open" : "cache unavailable: redis failed", { cause });
    this.name = "CacheUnavailable";
  }
}

/** tag → generation. */
export type Generations = Partial<Record<Tag, string>>;

/**
 * absent: nothing stored; fresh: generations match and within the fresh TTL (a HIT); stale:
 * generations match, past the fresh TTL but within grace; moved: a write bumped a tag since the
 * entry's origin call, so it is never served in any mode.
 */
export type EntryState = "absent" | "fresh" | "stale" | "moved";

export interface CacheRead {
  tier: TierName;
  variant: string;
  envelope: Envelope | null;
  /** Current generations of the tier's tags, read before any origin call that follows. */
  gens: Generations;
  state: EntryState;
  /** Whole seconds since the entry was stored (RFC 9111 Age). */
  ageSeconds: number;
  /** Fresh TTL left, seconds; negative once stale (RFC 9211 `ttl`). */
  ttlSeconds: number;
  /**
   * The highest data version a write through the edge has acknowledged (0 if none). An entry
   * whose generations did not move is current as of that version, so a HIT reports
   * max(entry version, floor): a read after a write never reports an older version.
   */
  floorVersion: number;
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

export interface PMSCacheOptions {
  store: CacheStore;
  config: Config;
  fund: string;
  /** Per-isolate breaker, counters, pending invalidations; the module's own by default. */
  isolate?: IsolateState;
  now?: () => number;
}

export class PMSCache {
  readonly fund: string;
  readonly config: Config;
  readonly isolate: IsolateState;
  readonly now: () => number;
  private readonly store: CacheStore;
  private readonly keys: CacheKeys;

  constructor(options: PMSCacheOptions) {
    this.store = options.store;
    this.config = options.config;
    this.fund = options.fund;
    this.isolate = options.isolate ?? isolateState();
    this.now = options.now ?? Date.now;
    this.keys = cacheKeys(options.config.prefix, options.fund);
    this.isolate.breaker.threshold = options.config.breakerThreshold;
    this.isolate.breaker.cooldownMs = options.config.breakerCooldownMs;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    if (!this.isolate.breaker.allow(this.now())) throw new CacheUnavailable("breaker-open");
    try {
      const result = await op();
      this.isolate.breaker.success();
      return result;
    } catch (error) {
      this.isolate.breaker.failure(this.now());
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

  private genKeys(tags: readonly Tag[]): string[] {
    return tags.map((t) => this.keys.gen(t));
  }

  private zip(tags: readonly Tag[], values: readonly string[]): Generations {
    return Object.fromEntries(tags.map((t, i) => [t, values[i] ?? ""]));
  }

  // ── generic operations ────────────────────────────────────────────────────────────────────

  /** The entry of (tier, variant) and the current generations of its tags: one request. */
  async read(tier: TierName, variant: string): Promise<CacheRead> {
    const tags = tierRow(tier).tags;
    const raw = await this.guard(() => this.store.read(this.keys.entry(tier, variant), this.keys.floor(), this.genKeys(tags)));
    const gens = this.zip(tags, raw.gens);
    const envelope = parseEnvelope(raw.entry);
    const ttl = this.config.ttl[tier];
    // A write whose invalidation is still being retried has not raised the floor in Redis yet.
    const floorVersion = Math.max(raw.floor, this.isolate.pending.version(this.fund));
    if (!envelope) return { tier, variant, envelope: null, gens, state: "absent", ageSeconds: 0, ttlSeconds: ttl, floorVersion };
    const ageMs = Math.max(0, this.now() - envelope.storedAt);
    const ageSeconds = Math.floor(ageMs / 1000);
    const ttlSeconds = ttl - ageSeconds;
    const state: EntryState = !tags.every((t) => envelope.gens[t] === gens[t])
      ? "moved"
      : ageMs < ttl * 1000
        ? "fresh"
        : ageMs < (ttl + this.config.graceSeconds) * 1000
          ? "stale"
          : "absent";
    return { tier, variant, envelope, gens, state, ageSeconds, ttlSeconds, floorVersion };
  }

  private async entry(tier: TierName, variant: string, payload: Payload, gens: Generations): Promise<PutEntry> {
    const tags = tierRow(tier).tags;
    const observed = Object.fromEntries(tags.map((t) => [t, gens[t] ?? ""]));
    const envelope = await makeEnvelope(payload.body, observed, payload.version, this.now());
    return {
      key: this.keys.entry(tier, variant),
      value: JSON.stringify(envelope),
      version: payload.version,
      ttlMs: (this.config.ttl[tier] + this.config.graceSeconds) * 1000,
      expect: tags.map((t) => ({ key: this.keys.gen(t), gen: observed[t] ?? "" })),
    };
  }

  /**
   * Compare-and-set fill after an origin read: stored only if the generations in `observed`
   * (read BEFORE the origin call) are unchanged and the version is not older than the stored
   * one. A fill that straddled a write is dropped. True when stored. `leaseToken`: the fill
   * lease this request holds, released in the same request.
   */
  async fill(tier: TierName, variant: string, payload: Payload, observed: Generations, leaseToken?: string): Promise<boolean> {
    const entry = await this.entry(tier, variant, payload, observed);
    const release = leaseToken ? { key: this.keys.lease(tier, variant), token: leaseToken } : undefined;
    const [stored = false] = await this.guard(() => this.store.put([entry], release));
    return stored;
  }

  /** Write-back of several entries with the post-invalidation generations: one request. */
  async refresh(items: readonly RefreshItem[], gens: Generations): Promise<boolean[]> {
    if (items.length === 0) return [];
    const entries = await Promise.all(items.map((i) => this.entry(i.tier, i.variant, i, gens)));
    return this.guard(() => this.store.put(entries));
  }

  /**
   * INCRs every tag in one request (O(1) in the number of variants) and raises the version floor
   * to the write's data version; the new generations.
   */
  async invalidate(tags: readonly Tag[], version = 0): Promise<Generations> {
    const values = await this.guard(() => this.store.bump(this.keys.floor(), this.genKeys(tags), version));
    this.isolate.pending.clear(this.fund, tags);
    return this.zip(tags, values);
  }

  async generations(tags: readonly Tag[] = TAGS): Promise<Generations> {
    return this.zip(tags, await this.guard(() => this.store.generations(this.genKeys(tags))));
  }

  /** The fill lease of a cold key: a token when this request holds it, null otherwise. */
  async lease(tier: TierName, variant: string): Promise<string | null> {
    const token = crypto.randomUUID();
    const held = await this.guard(() => this.store.acquireLease(this.keys.lease(tier, variant), token, this.config.leaseMs));
    return held ? token : null;
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

  /** Tiers and TTLs, current generations, and this isolate's counters and breaker. */
  async status() {
    let generations: Generations | null = null;
    try {
      generations = await this.generations();
    } catch {
      generations = null;
    }
    return {
      fund: this.fund,
      redis: generations ? "up" : "unavailable",
      tiers: Object.entries(TIERS).map(([route, row]) => ({
        route,
        tier: row.tier,
        tags: row.tags,
        ttl_seconds: this.config.ttl[row.tier],
        grace_seconds: this.config.graceSeconds,
      })),
      generations,
      isolate: {
        counters: { ...this.isolate.counters },
        breaker: this.isolate.breaker.snapshot(this.now()),
        pending_invalidations: this.isolate.pending.tags(this.fund),
      },
    };
  }

  // ── the seed's operations ─────────────────────────────────────────────────────────────────

  /** The entry when it is a HIT (fresh, generations unchanged), else null. */
  private async current(tier: TierName, variant: string): Promise<Envelope | null> {
    const read = await this.read(tier, variant);
    return read.state === "fresh" ? read.envelope : null;
  }

  private dated(asOfDate?: string): string {
    return variantOf([asOfDate ?? this.today()]);
  }

  getBook(asOfDate?: string) {
    return this.current("book", this.dated(asOfDate));
  }
  setBook(payload: Payload, observed: Generations, asOfDate?: string) {
    return this.fill("book", this.dated(asOfDate), payload, observed);
  }
  getRiskMetrics(asOfDate?: string) {
    return this.current("risk", this.dated(asOfDate));
  }
  setRiskMetrics(payload: Payload, observed: Generations, asOfDate?: string) {
    return this.fill("risk", this.dated(asOfDate), payload, observed);
  }
  /** `dateKey`: "latest" or YYYY-MM-DD. */
  getMorningPack(dateKey: string) {
    return this.current("morning_pack", variantOf([dateKey]));
  }
  setMorningPack(dateKey: string, payload: Payload, observed: Generations) {
    return this.fill("morning_pack", variantOf([dateKey]), payload, observed);
  }
  /** `periodKey`: the normalised attribution query. */
  getAttribution(periodKey: AttributionKey) {
    return this.current("attribution", this.attributionVariant(periodKey));
  }
  setAttribution(periodKey: AttributionKey, payload: Payload, observed: Generations) {
    return this.fill("attribution", this.attributionVariant(periodKey), payload, observed);
  }
  /** Bumps `portfolio`: book, risk and every attribution variant become unreachable at once. */
  invalidatePortfolioData() {
    return this.invalidate(["portfolio"]);
  }
  /** Write-back of today's (or `asOfDate`'s) book with post-invalidation generations. */
  async refreshBook(payload: Payload, gens: Generations, asOfDate?: string): Promise<boolean> {
    const [stored = false] = await this.refresh([{ tier: "book", variant: this.dated(asOfDate), ...payload }], gens);
    return stored;
  }
  async refreshRisk(payload: Payload, gens: Generations, asOfDate?: string): Promise<boolean> {
    const [stored = false] = await this.refresh([{ tier: "risk", variant: this.dated(asOfDate), ...payload }], gens);
    return stored;
  }

  private attributionVariant(key: AttributionKey): string {
    const row = TIERS["/api/v1/pms/attribution"];
    if (!row) throw new Error("attribution tier missing");
    return variantOf(row.variant({ query: key, params: {}, today: this.today() }));
  }
}

export type AttributionKey = {
  period: string;
  start_date?: string | undefined;
  end_date?: string | undefined;
};

/** The request's PMSCache over Upstash (built per request by the services middleware). */
export function createPMSCache(
  env: Pick<Bindings, "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">,
  config: Config,
  fund: string,
): PMSCache {
  const store = createUpstashStore({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    deadlineMs: config.redisDeadlineMs,
  });
  return new PMSCache({ store, config, fund, isolate: isolateState(`${env.UPSTASH_REDIS_REST_URL}|${config.prefix}`) });
}
