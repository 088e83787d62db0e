// Appending to the decision journal: the actor of the request is the author; the hash chain is
// computed by origin/domain/journal-hash (see db/journal-repo.ts).
import type { JournalEntry, NewJournalEntry } from "../db/journal-repo.ts";
import type { DataContext } from "../http/data.ts";

export type JournalInput = Pick<NewJournalEntry, "entry_type"> &
  Partial<Omit<NewJournalEntry, "entry_type" | "created_at" | "author">>;

export function appendJournal(d: DataContext, e: JournalInput): JournalEntry {
  return d.repos.journal.append({
    created_at: d.at,
    author: d.actor.user,
    position_id: null,
    proposal_id: null,
    instrument: null,
    direction: null,
    notional_brl: null,
    entry_price: null,
    manager_notes: null,
    system_notes: null,
    ...e,
  });
}
