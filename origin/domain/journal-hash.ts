// Decision-journal hash chain (docs/contract.md §Decision journal): the SHA-256 and the chain
// check; what is hashed and its canonical form are src/contract/journal-chain.ts (shared with
// the desk).
import { createHash } from "node:crypto";
import { GENESIS_HASH, journalHashInput } from "../../src/contract/journal-chain.ts";

export {
  canonicalJson,
  GENESIS_HASH,
  hashedFieldsOf,
  JOURNAL_HASHED_FIELDS,
  type JournalHashedFields,
} from "../../src/contract/journal-chain.ts";

export function journalContentHash(entry: Record<string, unknown>, prevHash: string): string {
  return createHash("sha256").update(journalHashInput(entry, prevHash), "utf8").digest("hex");
}

export type ChainVerdict =
  | { valid: true; length: number }
  | { valid: false; index: number; id?: unknown; reason: string };

/** Verifies entries oldest first: each links to the previous hash and hashes to its own. */
export function verifyJournalChain(
  entries: ReadonlyArray<Record<string, unknown> & { prev_hash: string; content_hash: string }>,
): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as (typeof entries)[number];
    if (e.prev_hash !== prev)
      return { valid: false, index: i, id: e["id"], reason: "prev_hash does not match the previous entry" };
    if (journalContentHash(e, e.prev_hash) !== e.content_hash)
      return { valid: false, index: i, id: e["id"], reason: "content_hash does not match the entry" };
    prev = e.content_hash;
  }
  return { valid: true, length: entries.length };
}
