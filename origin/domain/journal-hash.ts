// Decision-journal hash chain (docs/contract.md §Decision journal).
//
// content_hash = SHA-256 (hex) of the canonical JSON of the entry's hashed fields plus
// prev_hash. Canonical JSON: object keys sorted by UTF-16 code units at every level, no
// whitespace, JSON.stringify's escaping and number format (in the spirit of RFC 8785, JCS);
// undefined fields are dropped, non-finite numbers are refused. The first entry's prev_hash is
// GENESIS_HASH. id, content_hash and is_locked are not hashed: the id is assigned by the store
// and the chain itself fixes the order.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export const JOURNAL_HASHED_FIELDS = [
  "created_at",
  "entry_type",
  "position_id",
  "proposal_id",
  "instrument",
  "direction",
  "notional_brl",
  "entry_price",
  "manager_notes",
  "system_notes",
  "author",
] as const;

export type JournalHashedFields = Partial<
  Record<(typeof JOURNAL_HASHED_FIELDS)[number], string | number | boolean | null>
>;

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot hold a non-finite number");
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** Picks the hashed fields of an entry (missing ones hash as null, so the shape is fixed). */
export function hashedFieldsOf(entry: Record<string, unknown>): JournalHashedFields {
  const out: Record<string, unknown> = {};
  for (const f of JOURNAL_HASHED_FIELDS) out[f] = entry[f] ?? null;
  return out as JournalHashedFields;
}

export function journalContentHash(entry: Record<string, unknown>, prevHash: string): string {
  const body = canonicalJson({ ...hashedFieldsOf(entry), prev_hash: prevHash });
  return createHash("sha256").update(body, "utf8").digest("hex");
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
