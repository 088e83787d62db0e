// GET /journal/stats/decision-analysis: counts over the whole journal and the positions table.

import { JOURNAL_ENTRY_TYPES, type JournalEntryType } from "../db/journal-repo.ts";
import { calendarDaysBetween } from "../domain/calendar.ts";
import type { DataContext } from "../http/data.ts";

export function decisionAnalysis(d: DataContext) {
  const entries = d.repos.journal.all();
  const by_type = Object.fromEntries(JOURNAL_ENTRY_TYPES.map((t) => [t, 0])) as Record<JournalEntryType, number>;
  for (const e of entries) by_type[e.entry_type]++;
  const reviewed = d.repos.proposals.list().filter((p) => p.status !== "PENDING");
  const approved = reviewed.filter((p) => p.status === "APPROVED" || p.status === "MODIFIED").length;
  const positions = d.repos.positions.list();
  const closed = positions.filter((p) => !p.is_open && p.closed_at);
  const holding = closed.map((p) => calendarDaysBetween(p.entry_date, p.closed_at!));
  return {
    total_entries: entries.length,
    by_type,
    /** Share of reviewed proposals that were approved (as is or modified); null before any review. */
    approval_rate: reviewed.length ? approved / reviewed.length : null,
    avg_holding_days: holding.length ? holding.reduce((a, x) => a + x, 0) / holding.length : null,
    total_positions_opened: positions.length,
    total_positions_closed: closed.length,
    total_rejections: reviewed.filter((p) => p.status === "REJECTED").length,
  };
}
