// What the consistency checker knows about the edge's cache model, taken from the edge's own
// tables so the oracles follow them: which tier a read path belongs to (and the tags that tier
// depends on), and which tags each recorded write bumps. Runtime-agnostic (data only).
import type { TierName } from "../../src/cache/tiers.ts";
import { TAGS, type Tag, TIERS } from "../../src/cache/tiers.ts";
import { WRITES, type WriteKind } from "../../src/cache/write-table.ts";

/** The checker's write record kinds → the edge's write kinds. */
const WRITE_KIND_OF_RECORD: Readonly<Record<string, WriteKind>> = {
  mtm: "mtm",
  price: "mtm",
  open: "open",
  close: "close",
  generate: "generate-proposals",
  approve: "approve",
  reject: "reject",
  pack: "morning-pack-generate",
};

export interface ReadTier {
  tier: TierName;
  tags: readonly Tag[];
}

/** The tier row serving a read path (query ignored), or undefined for an uncached route. */
export function tierOfPath(path: string): ReadTier | undefined {
  const pathname = path.split("?")[0]!;
  const exact = TIERS[pathname];
  if (exact) return { tier: exact.tier, tags: exact.tags };
  const segments = pathname.split("/");
  for (const [pattern, row] of Object.entries(TIERS)) {
    const parts = pattern.split("/");
    if (parts.length !== segments.length) continue;
    if (parts.every((p, i) => (p.startsWith(":") ? segments[i] !== "" : p === segments[i])))
      return { tier: row.tier, tags: row.tags };
  }
  return undefined;
}

/**
 * The tags a recorded write bumps. A kind the table does not know bumps every tag: the oracle
 * then demands the most of every later read, so an unmapped writer can only add violations,
 * never hide one.
 */
export function tagsOfWrite(kind: string): readonly Tag[] {
  const writeKind = WRITE_KIND_OF_RECORD[kind];
  return writeKind ? WRITES[writeKind].bumps : TAGS;
}

export function writeAffectsTier(kind: string, tier: ReadTier): boolean {
  const bumps = tagsOfWrite(kind);
  return tier.tags.some((t) => bumps.includes(t));
}
