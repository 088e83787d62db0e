// Decision-journal hash chain (docs/contract.md §Decision journal): what is hashed, in which
// canonical form. Shared by the origin (which writes and verifies the chain) and the desk
// (which verifies the page it shows, in the browser); the SHA-256 itself is each side's own.
//
// content_hash = SHA-256 (hex) of the canonical JSON of the entry's hashed fields plus
// prev_hash. Canonical JSON: object keys sorted by UTF-16 code units at every level, no
// whitespace, JSON.stringify's escaping and number format (in the spirit of RFC 8785, JCS);
// undefined fields are dropped, non-finite numbers are refused. The first entry's prev_hash is
// GENESIS_HASH. id, content_hash and is_locked are not hashed: the id is assigned by the store
// and the chain itself fixes the order.

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

/** The exact text whose SHA-256 is an entry's content_hash. */
export function journalHashInput(entry: Record<string, unknown>, prevHash: string): string {
  return canonicalJson({ ...hashedFieldsOf(entry), prev_hash: prevHash });
}
