// The write table (design.md, "Writes and the tags they bump"), as data: which generation tags a
// committed write bumps and what the edge pushes back into the cache afterwards so that the next
// read is a HIT. Route wiring: `writeThrough("mtm")` before `forward`.
import type { TierName } from "../env.ts";
import type { Tag } from "./tiers.ts";

/**
 * Refresh targets: `book` and `risk` are fetched from the origin (today's key); `pack` is the
 * origin's latest pack (stored under "latest" and its date); `generated-pack` is the write's own
 * response body, a MorningPack (stored under its date, and "latest" when it is the latest).
 */
export type RefreshTarget = "book" | "risk" | "pack" | "generated-pack";

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
  "morning-pack-generate": { bumps: ["briefing"], refresh: ["generated-pack"] },
  // MTM + proposals + pack in one run.
  "pipeline-trigger": { bumps: ["portfolio", "trades", "briefing"], refresh: ["book", "risk", "pack"] },
  "journal-outcome": { bumps: ["journal"], refresh: [] },
  // New return rows feed attribution and the equity curves.
  "backfill-returns": { bumps: ["portfolio"], refresh: [] },
} as const satisfies Record<string, WriteRow>;

export type WriteKind = keyof typeof WRITES;

/** Where a fetched refresh target comes from: the origin route and the tier it fills. */
export const REFRESH_SOURCES = {
  book: { tier: "book", path: "/api/v1/pms/book" },
  risk: { tier: "risk", path: "/api/v1/pms/risk/live" },
  pack: { tier: "morning_pack", path: "/api/v1/pms/morning-pack/latest" },
} as const satisfies Record<Exclude<RefreshTarget, "generated-pack">, { tier: TierName; path: string }>;
