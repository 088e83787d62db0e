// The tier table: which GET routes are cached, what each depends on, how its key variant is
// built and which date the origin is asked for. Data, keyed by the route pattern as mounted
// (`routePath(c)` from hono/route), so adding a tier is one row. Every other GET passes through
// uncached. Fresh TTLs come from Config.ttl (wrangler vars); the comments give the reason for
// each default. docs/cache-protocol.md §Keys, §Reads.
import { API_PREFIX } from "../contract/api-prefix.ts";

/** Generation tags: a write bumps tags, an entry records the generations of the tags it depends on. */
export const TAGS = ["portfolio", "trades", "briefing", "journal"] as const;
export type Tag = (typeof TAGS)[number];

export const TIER_NAMES = ["book", "risk", "morning_pack", "attribution"] as const;
export type TierName = (typeof TIER_NAMES)[number];

/**
 * Fresh TTLs, seconds, unless a deployment sets CACHE_TTL_*: the one definition the edge's
 * config and the go-live check read. The reasons for each are beside the tier rows below.
 */
export const DEFAULT_TTL_SECONDS: Readonly<Record<TierName, number>> = {
  book: 30,
  risk: 60,
  morning_pack: 300,
  attribution: 300,
};

/** What a tier row sees: the validated, normalised query and path params, and today. */
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
  /**
   * Query values the origin must be sent explicitly because the key names them (the key's date
   * when the request had none): the origin computes for exactly the date in the key, whatever
   * its own clock says.
   */
  pinned?(input: VariantInput): Record<string, string>;
  /**
   * Variants kept no longer than their fresh TTL (no grace): one-off requests, such as custom
   * windows, that nobody else is likely to ask for again (docs/security.md §Bounded input).
   */
  graceless?(variant: string): boolean;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `as_of_date`, or today: a request without a date is keyed by the fund's current date. */
const asOf = ({ query, today }: VariantInput): string => text(query.as_of_date) ?? today;

const dated: Pick<TierRow, "variant" | "pinned"> = {
  variant: (input) => [asOf(input)],
  pinned: (input) => ({ as_of_date: asOf(input) }),
};

/** custom carries both dates; the other periods are relative to their as-of date. */
const attributionWindow: Pick<TierRow, "variant" | "pinned"> = {
  variant(input) {
    const period = text(input.query.period) ?? "mtd";
    const start = text(input.query.start_date);
    return start ? [period, start, text(input.query.end_date) ?? ""] : [period, asOf(input)];
  },
  pinned: (input): Record<string, string> => (text(input.query.start_date) ? {} : { as_of_date: asOf(input) }),
};

export const TIERS: Readonly<Record<string, TierRow>> = {
  // 30 s: the book moves with every mark and trade; most changes come through the edge and bump
  // `portfolio` at once, so the TTL only bounds writes made at the origin behind our back.
  [`${API_PREFIX}/book`]: { tier: "book", tags: ["portfolio"], ...dated },
  // 60 s: VaR and stress tests are the slowest computation and change only with the book; a
  // minute keeps the risk monitor responsive while bounding origin-side writes.
  [`${API_PREFIX}/risk/live`]: { tier: "risk", tags: ["portfolio"], ...dated },
  // 300 s: a pack is generated once or twice a day and regeneration bumps `briefing`. "latest"
  // is its own key (never today's date: the latest pack may be yesterday's).
  [`${API_PREFIX}/morning-pack/latest`]: { tier: "morning_pack", tags: ["briefing"], variant: () => ["latest"] },
  [`${API_PREFIX}/morning-pack/:date`]: {
    tier: "morning_pack",
    tags: ["briefing"],
    variant: ({ params }) => [text(params.date) ?? ""],
  },
  // 300 s: windowed P&L over days to years; it changes with `portfolio` (bumped by writes) and
  // otherwise only at EOD marking, so minutes are safe and spare the heaviest queries.
  [`${API_PREFIX}/attribution`]: {
    tier: "attribution",
    tags: ["portfolio"],
    ...attributionWindow,
    graceless: (variant) => variant.startsWith("custom_"),
  },
};

/** The tier row of a tier name (the first route serving it): write-through uses it. */
export function tierRow(tier: TierName): TierRow {
  const row = Object.values(TIERS).find((r) => r.tier === tier);
  if (!row) throw new Error(`no tier row for ${tier}`);
  return row;
}
