// The tier table: which GET routes are cached, what each depends on, how its key variant is
// built. Data, keyed by the route pattern as mounted (`routePath(c)` from hono/route), so adding
// a tier is one row. Every other GET passes through uncached. Fresh TTLs come from Config.ttl
// (wrangler vars); the comments give the reason for each default.
import type { TierName } from "../env.ts";

/** Generation tags (design.md): a write bumps tags, an entry records the tags it depends on. */
export const TAGS = ["portfolio", "trades", "briefing", "journal"] as const;
export type Tag = (typeof TAGS)[number];

/** What a variant builder sees: the validated, normalised query and path params, and today. */
export interface VariantInput {
  query: Readonly<Record<string, unknown>>;
  params: Readonly<Record<string, unknown>>;
  /** The fund's date in São Paulo (fund-date.ts). */
  today: string;
}

export interface TierRow {
  tier: TierName;
  tags: readonly Tag[];
  /** The parts of the key variant; checked and joined by keys.ts. */
  variant(input: VariantInput): string[];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `as_of_date`, or today: a request without a date is keyed by the fund's current date. */
function asOfDate({ query, today }: VariantInput): string[] {
  return [text(query.as_of_date) ?? today];
}

/**
 * The period (already canonical lower case) plus its window: custom carries both dates; the
 * other periods are relative to today, so today is part of their key.
 */
function attributionWindow({ query, today }: VariantInput): string[] {
  const period = text(query.period) ?? "mtd";
  const start = text(query.start_date);
  const end = text(query.end_date);
  return start ? [period, start, end ?? today] : [period, end ?? today];
}

export const TIERS: Readonly<Record<string, TierRow>> = {
  // 30 s: the book moves with every mark and trade; most changes come through the edge and bump
  // `portfolio` at once, so the TTL only bounds writes made at the origin behind our back.
  "/api/v1/pms/book": { tier: "book", tags: ["portfolio"], variant: asOfDate },
  // 60 s: VaR and stress tests are the slowest computation and change only with the book; a
  // minute keeps the risk monitor responsive while bounding origin-side writes.
  "/api/v1/pms/risk/live": { tier: "risk", tags: ["portfolio"], variant: asOfDate },
  // 300 s: a pack is generated once or twice a day and regeneration bumps `briefing`. "latest"
  // is its own key (never today's date: the latest pack may be yesterday's).
  "/api/v1/pms/morning-pack/latest": { tier: "morning_pack", tags: ["briefing"], variant: () => ["latest"] },
  "/api/v1/pms/morning-pack/:date": {
    tier: "morning_pack",
    tags: ["briefing"],
    variant: ({ params }) => [text(params.date) ?? ""],
  },
  // 300 s: windowed P&L over days to years; it changes with `portfolio` (bumped by writes) and
  // otherwise only at EOD marking, so minutes are safe and spare the heaviest queries.
  "/api/v1/pms/attribution": { tier: "attribution", tags: ["portfolio"], variant: attributionWindow },
};

/** The tier row of a tier name (the first route serving it): warm-up and write-through use it. */
export function tierRow(tier: TierName): TierRow {
  const row = Object.values(TIERS).find((r) => r.tier === tier);
  if (!row) throw new Error(`no tier row for ${tier}`);
  return row;
}

/** Tiers whose entries depend on any of `tags`. */
export function tiersOfTags(tags: readonly Tag[]): TierName[] {
  const names = Object.values(TIERS)
    .filter((row) => row.tags.some((t) => tags.includes(t)))
    .map((row) => row.tier);
  return [...new Set(names)];
}
