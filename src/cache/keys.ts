// Redis key layout of the cache protocol (docs/cache-protocol.md §Keys). Every key of a fund
// carries the fund in a Redis Cluster hash tag, `{fund}`, so that one script may touch several
// of them on clustered Redis-compatible stores (Redis Cluster, Valkey, Dragonfly):
//   {prefix}{fund}:meta                    hash: `g:{tag}` generation per tag, `floor` version floor
//   {prefix}{fund}:e:{tier}:{variant}      one cached response (hash), TTL fresh + grace
//   {prefix}{fund}:lease:{tier}:{variant}  fill lease of that response (SET PX, renewed by its holder)
//   {prefix}{fund}:index                   sorted set: entry key → store time, the fund's budget of
//                                          entries (CACHE_MAX_ENTRIES; the oldest are evicted)
// The generations and the floor share one hash so that an eviction takes both together: a floor
// can never outlive the generations it was raised with.
// Variants are built from validated query values only; each part is still checked against a
// strict alphabet so that no input (`*`, `:`, `{`, whitespace, `..`) can change a key's structure.
import type { TierName } from "./tiers.ts";

/** A key part that could change the key's structure; the caller bypasses the cache. */
export class UnsafeKeyPart extends Error {
  constructor(readonly part: string) {
    super(`unsafe cache key part: ${JSON.stringify(part)}`);
    this.name = "UnsafeKeyPart";
  }
}

const FUND_PART = /^[A-Za-z0-9_.-]{1,64}$/;
// Variant parts are joined with "_", so "_" itself is not allowed inside one part.
const VARIANT_PART = /^[A-Za-z0-9.-]{1,64}$/;

function checked(part: string, alphabet: RegExp): string {
  if (!alphabet.test(part) || part.includes("..")) throw new UnsafeKeyPart(part);
  return part;
}

/** Joins the normalised query values of one request into the variant of its tier. */
export function variantOf(parts: readonly string[]): string {
  if (parts.length === 0) throw new UnsafeKeyPart("");
  return parts.map((p) => checked(p, VARIANT_PART)).join("_");
}

export interface CacheKeys {
  /** The fund's hash of generations and version floor. */
  meta(): string;
  /** The fund's index of stored entries (its budget). */
  index(): string;
  entry(tier: TierName, variant: string): string;
  lease(tier: TierName, variant: string): string;
}

/** Key builders of one fund; the prefix is deployment config, the fund is checked. */
export function cacheKeys(prefix: string, fund: string): CacheKeys {
  const base = `${prefix}{${checked(fund, FUND_PART)}}:`;
  return {
    meta: () => `${base}meta`,
    index: () => `${base}index`,
    entry: (tier, variant) => `${base}e:${tier}:${variant}`,
    lease: (tier, variant) => `${base}lease:${tier}:${variant}`,
  };
}
