// The decision journal: append-only (SQLite triggers refuse UPDATE and DELETE, see schema.ts)
// and hash-chained — each entry's content_hash covers its fields and the previous entry's hash.
import { GENESIS_HASH } from "../domain/journal-hash.ts";
import type { Db } from "./open.ts";

export const JOURNAL_ENTRY_TYPES = ["OPEN", "CLOSE", "REJECT", "MODIFY", "NOTE", "SYSTEM_EVENT"] as const;
export type JournalEntryType = (typeof JOURNAL_ENTRY_TYPES)[number];

/** What a caller supplies; the repository adds id, prev_hash, content_hash and is_locked. */
export interface NewJournalEntry {
  created_at: string;
  entry_type: JournalEntryType;
  position_id: number | null;
  proposal_id: number | null;
  instrument: string | null;
  direction: string | null;
  notional_brl: number | null;
  entry_price: number | null;
  manager_notes: string | null;
  system_notes: string | null;
  author: string;
}

export interface JournalEntry extends NewJournalEntry {
  id: number;
  content_hash: string;
  /** GENESIS_HASH (64 zeros) for the first entry. */
  prev_hash: string;
  is_locked: boolean;
}

export interface JournalFilter {
  entry_type?: JournalEntryType;
  position_id?: number;
  instrument?: string;
  start_date?: string;
  end_date?: string;
  limit: number;
  offset: number;
}

type JournalRow = Omit<JournalEntry, "is_locked" | "entry_type"> & { is_locked: number; entry_type: string };

const fromRow = (r: JournalRow): JournalEntry => ({
  ...r,
  entry_type: r.entry_type as JournalEntryType,
  is_locked: r.is_locked === 1,
});

/** content hash of an entry given the previous entry's hash (origin/domain/journal-hash). */
export type JournalHasher = (entry: Record<string, unknown>, prevHash: string) => string;

export class JournalRepo {
  constructor(
    private readonly db: Db,
    private readonly hash: JournalHasher,
  ) {}

  append(entry: NewJournalEntry): JournalEntry {
    const prev = this.db
      .prepare<[], { content_hash: string }>("SELECT content_hash FROM journal ORDER BY id DESC LIMIT 1")
      .get();
    const prevHash = prev?.content_hash ?? GENESIS_HASH;
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO journal (created_at, entry_type, position_id, proposal_id, instrument, direction, notional_brl,
             entry_price, manager_notes, system_notes, author, content_hash, prev_hash, is_locked)
           VALUES (@created_at, @entry_type, @position_id, @proposal_id, @instrument, @direction, @notional_brl,
             @entry_price, @manager_notes, @system_notes, @author, @content_hash, @prev_hash, 1)`,
        )
        .run({ ...entry, content_hash: this.hash({ ...entry }, prevHash), prev_hash: prevHash }).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): JournalEntry | undefined {
    const row = this.db.prepare<[number], JournalRow>("SELECT * FROM journal WHERE id = ?").get(id);
    return row && fromRow(row);
  }

  /** Newest first. Dates filter on the entry's creation date (UTC). */
  list(f: JournalFilter): JournalEntry[] {
    const where: string[] = [];
    if (f.entry_type) where.push("entry_type = @entry_type");
    if (f.position_id !== undefined) where.push("position_id = @position_id");
    if (f.instrument) where.push("instrument = @instrument");
    if (f.start_date) where.push("substr(created_at, 1, 10) >= @start_date");
    if (f.end_date) where.push("substr(created_at, 1, 10) <= @end_date");
    const sql = `SELECT * FROM journal ${where.length ? "WHERE " + where.join(" AND ") : ""}
                 ORDER BY id DESC LIMIT @limit OFFSET @offset`;
    return this.db
      .prepare<Record<string, unknown>, JournalRow>(sql)
      .all({ ...f })
      .map(fromRow);
  }

  /** The whole chain in insertion order (for stats and verification). */
  all(): JournalEntry[] {
    return this.db.prepare<[], JournalRow>("SELECT * FROM journal ORDER BY id").all().map(fromRow);
  }
}
