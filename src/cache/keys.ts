// Redis key layout of the cache protocol (design.md, "Cache protocol"):
//   {prefix}gen:{fund}:{tag}              generation counter of one tag, no TTL
//   {prefix}e:{fund}:{tier}:{variant}     one cached response (envelope), TTL fresh + grace
//   {prefix}lease:{fund}:{tier}:{variant} short fill lease (SET NX PX)
//   {prefix}ver:{fund}                    version floor: the highest data version a write through
//                                         the edge has acknowledged, no TTL
// Variants are built from validated query values only; each part is still checked against a
// strict alphabet so that no input (`*`, `:`, whitespace, `..`) can change a key's structure.
import type { TierName } from "../env.ts";
import type { Tag } from "./tiers.ts";

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
  gen(tag: Tag): string;
  entry(tier: TierName, variant: string): string;
  lease(tier: TierName, variant: string): string;
  floor(): string;
}

/** Key builders of one fund; the prefix is deployment config, the fund is checked. */
export function cacheKeys(prefix: string, fund: string): CacheKeys {
  const f = checked(fund, FUND_PART);
  return {
    gen: (tag) => `${prefix}gen:${f}:${tag}`,
    entry: (tier, variant) => `${prefix}e:${f}:${tier}:${variant}`,
    lease: (tier, variant) => `${prefix}lease:${f}:${tier}:${variant}`,
    floor: () => `${prefix}ver:${f}`,
  };
}
