// The write table (docs/cache-protocol.md §Writes), as data: which generation tags a committed
// write bumps and what the edge fetches and pushes back into the cache afterwards so that the
// next read is a HIT. Route wiring: `writeThrough("mtm")` before `forward`.
import { API_PREFIX } from "../contract/api-prefix.ts";
import type { Tag, TierName } from "./tiers.ts";

/**
 * Refresh targets, all fetched from the origin AFTER the bump, so that what is written back was
 * computed after the write (a write's own response body was computed before its bump and may be
 * older than another write bumped in between): `book` and `risk` under today's key, `pack` the
 * origin's latest pack under "latest" and its date.
 */
export type RefreshTarget = "book" | "risk" | "pack";

export interface WriteRow {
  bumps: readonly Tag[];
  refresh: readonly RefreshTarget[];
}

const BOOK_AND_RISK = ["book", "risk"] as const;

export const WRITES = {
  open: { bumps: ["portfolio"], refresh: BOOK_AND_RISK },
  close: { bumps: ["portfolio"], refresh: BOOK_AND_RISK },
  "update-price": { bumps: ["portfolio"], refresh: BOOK_AND_RISK },
  mtm: { bumps: ["portfolio"], refresh: BOOK_AND_RISK },
  // Approving opens (or flips) a position and changes the proposal.
  approve: { bumps: ["portfolio", "trades"], refresh: BOOK_AND_RISK },
  "modify-approve": { bumps: ["portfolio", "trades"], refresh: BOOK_AND_RISK },
  reject: { bumps: ["trades"], refresh: [] },
  "generate-proposals": { bumps: ["trades"], refresh: [] },
  // The stop freezes proposals and is reported in the risk view; its reset undoes both.
  "emergency-stop": { bumps: ["portfolio", "trades"], refresh: BOOK_AND_RISK },
  "emergency-stop-reset": { bumps: ["portfolio", "trades"], refresh: BOOK_AND_RISK },
  "morning-pack-generate": { bumps: ["briefing"], refresh: ["pack"] },
  // MTM + proposals + pack in one run.
  "pipeline-trigger": { bumps: ["portfolio", "trades", "briefing"], refresh: ["book", "risk", "pack"] },
  "journal-outcome": { bumps: ["journal"], refresh: [] },
  // New return rows feed attribution and the equity curves.
  "backfill-returns": { bumps: ["portfolio"], refresh: [] },
} as const satisfies Record<string, WriteRow>;

export type WriteKind = keyof typeof WRITES;

/**
 * Where a refresh target comes from: the origin path for the fund's `today` (the date the key
 * names is sent explicitly), the tier it fills and the variant whose fill lease the bump takes.
 */
export const REFRESH_SOURCES: Record<
  RefreshTarget,
  { tier: TierName; path(today: string): string; variant(today: string): string }
> = {
  book: { tier: "book", path: (today) => `${API_PREFIX}/book?as_of_date=${today}`, variant: (today) => today },
  risk: { tier: "risk", path: (today) => `${API_PREFIX}/risk/live?as_of_date=${today}`, variant: (today) => today },
  pack: { tier: "morning_pack", path: () => `${API_PREFIX}/morning-pack/latest`, variant: () => "latest" },
};
