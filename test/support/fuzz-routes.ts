// The contract's routes as the fuzzer sees them: method, path template, the schema of their query
// or body (the edge's own, from src/contract), the query keys worth trying and a valid body to
// mutate. Also the check that what reached the origin is exactly what the edge's validation
// outputs: a canonical query (sorted keys, normalised values) and a body the contract accepts,
// serialised from its validated value.
import type { ZodType } from "zod";
import {
  ApproveBody,
  AsOfQuery,
  AttributionQuery,
  BestWorstQuery,
  ClosePositionBody,
  DateRangeQuery,
  DaysQuery,
  EmergencyStopBody,
  GeneratePackBody,
  GenerateProposalsBody,
  JournalQuery,
  ModifyApproveBody,
  MtmBody,
  OpenPositionBody,
  OutcomeBody,
  PositionsQuery,
  ProposalsQuery,
  RejectBody,
  StressTestBody,
  UpdatePriceBody,
} from "../../src/contract/index.ts";
import { canonicalQuery } from "../../src/http/canonical-path.ts";

export interface FuzzRoute {
  method: "GET" | "POST";
  /** Under /api/v1/pms; `:id` and `:date` are filled by the fuzzer. */
  path: string;
  query?: ZodType;
  queryKeys?: readonly string[];
  body?: ZodType;
  sample?: Record<string, unknown>;
}

const AS_OF = ["as_of_date"];
const RANGE = ["start_date", "end_date"];

export const GET_ROUTES: readonly FuzzRoute[] = [
  { method: "GET", path: "/book", query: AsOfQuery, queryKeys: AS_OF },
  { method: "GET", path: "/book/positions", query: PositionsQuery, queryKeys: ["asset_class", "is_open"] },
  { method: "GET", path: "/pnl/summary", query: AsOfQuery, queryKeys: AS_OF },
  { method: "GET", path: "/pnl/equity-curve", query: DateRangeQuery, queryKeys: RANGE },
  { method: "GET", path: "/pnl/attribution" },
  { method: "GET", path: "/pnl/monthly-heatmap" },
  { method: "GET", path: "/trades/proposals", query: ProposalsQuery, queryKeys: ["status", "date"] },
  { method: "GET", path: "/trades/proposals/:id" },
  {
    method: "GET",
    path: "/journal",
    query: JournalQuery,
    queryKeys: ["entry_type", "position_id", "instrument", "limit", "offset", ...RANGE],
  },
  { method: "GET", path: "/journal/stats/decision-analysis" },
  { method: "GET", path: "/journal/:id" },
  { method: "GET", path: "/morning-pack/latest" },
  { method: "GET", path: "/morning-pack/history", query: DaysQuery, queryKeys: ["days"] },
  { method: "GET", path: "/morning-pack/:date" },
  { method: "GET", path: "/risk/live", query: AsOfQuery, queryKeys: AS_OF },
  { method: "GET", path: "/risk/trend", query: DaysQuery, queryKeys: ["days"] },
  { method: "GET", path: "/risk/limits" },
  { method: "GET", path: "/attribution", query: AttributionQuery, queryKeys: ["period", ...RANGE] },
  { method: "GET", path: "/attribution/equity-curve", query: DateRangeQuery, queryKeys: RANGE },
  { method: "GET", path: "/attribution/best-worst", query: BestWorstQuery, queryKeys: ["n"] },
];

export const POST_ROUTES: readonly FuzzRoute[] = [
  {
    method: "POST",
    path: "/book/positions/open",
    body: OpenPositionBody,
    sample: {
      instrument: "ES",
      asset_class: "EQUITY",
      direction: "LONG",
      notional_brl: 100_000,
      execution_price: 5_000,
      manager_thesis: "fuzzed thesis",
      strategy_ids: ["fuzz"],
    },
  },
  {
    method: "POST",
    path: "/book/positions/:id/close",
    body: ClosePositionBody,
    sample: { close_price: 100, close_date: "2026-01-15", manager_notes: "n" },
  },
  { method: "POST", path: "/book/positions/:id/update-price", body: UpdatePriceBody, sample: { price: 101 } },
  { method: "POST", path: "/mtm", body: MtmBody, sample: { price_overrides: { USDBRL: 5.1 }, fx_rate: 5.1 } },
  {
    method: "POST",
    path: "/trades/proposals/:id/approve",
    body: ApproveBody,
    sample: { execution_price: 100, execution_notional_brl: 100_000, manager_notes: "ok" },
  },
  { method: "POST", path: "/trades/proposals/:id/reject", body: RejectBody, sample: { manager_notes: "not now" } },
  {
    method: "POST",
    path: "/trades/proposals/:id/modify-approve",
    body: ModifyApproveBody,
    sample: { modified_direction: "SHORT", modified_notional_brl: 50_000, execution_price: 100 },
  },
  {
    method: "POST",
    path: "/trades/proposals/generate",
    body: GenerateProposalsBody,
    sample: {
      signals: [{ instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.7 }],
      as_of_date: "2026-01-15",
    },
  },
  {
    method: "POST",
    path: "/journal/:id/outcome",
    body: OutcomeBody,
    sample: { outcome_notes: "it worked out", realized_pnl_assessment: "GOOD" },
  },
  {
    method: "POST",
    path: "/morning-pack/generate",
    body: GeneratePackBody,
    sample: { briefing_date: "2026-01-15", force: false },
  },
  {
    method: "POST",
    path: "/risk/emergency-stop",
    body: EmergencyStopBody,
    sample: { reason: "fuzz", manager_confirmation: true },
  },
  {
    method: "POST",
    path: "/risk/stress-test",
    body: StressTestBody,
    sample: {
      name: "fuzz",
      shocks: [
        { asset_class: "RATES", shift_bp: 100 },
        { instrument: "USDBRL", shift_pct: 5 },
      ],
    },
  },
];

const PREFIX = "/api/v1/pms";

/** Path parameters in their canonical form: an id without sign or leading zeros, an ISO date. */
const PARAM_FORMS: Record<string, string> = { ":id": "[1-9]\\d{0,9}", ":date": "\\d{4}-\\d{2}-\\d{2}" };

function routeOf(method: string, pathname: string): FuzzRoute | undefined {
  const routes = method === "GET" ? GET_ROUTES : POST_ROUTES;
  // Literal templates first, so /morning-pack/latest is not taken for /morning-pack/:date.
  const ordered = [...routes].sort((a, b) => Number(a.path.includes(":")) - Number(b.path.includes(":")));
  return ordered.find((r) =>
    new RegExp(`^${PREFIX}${r.path.replace(/:\w+/g, (p) => PARAM_FORMS[p] ?? "[^/]+")}$`).test(pathname),
  );
}

/**
 * Why a request that reached the origin is not what the edge's validation outputs, or null when
 * it is: an unknown route, a query that is not the canonical one of its validated value, or a
 * body the contract rejects or that is not the serialisation of its validated value.
 */
export function nonCanonical(method: string, url: string, body: string): string | null {
  const parsed = new URL(url, "http://origin");
  const route = routeOf(method, parsed.pathname);
  if (!route) return `no contract route (with canonical path parameters) for ${method} ${parsed.pathname}`;
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    raw[key] = values.length === 1 ? values[0]! : values;
  }
  if (!route.query) {
    if (parsed.search !== "") return `query ${parsed.search} sent to a route without one`;
  } else {
    const result = route.query.safeParse(raw);
    if (!result.success) return `query ${parsed.search} violates the contract`;
    const canonical = canonicalQuery(result.data as Record<string, unknown>);
    if (canonical !== parsed.search) return `query ${parsed.search} is not canonical (${canonical})`;
  }
  if (method === "POST" && route.body) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `body is not JSON: ${body.slice(0, 80)}`;
    }
    const result = route.body.safeParse(value);
    if (!result.success) return `body violates the contract: ${body.slice(0, 120)}`;
    if (JSON.stringify(result.data) !== body) return `body is not the validated value: ${body.slice(0, 120)}`;
  }
  return null;
}

/** The key grammar (docs/cache-protocol.md §Keys): {prefix}{fund}:(meta|e:…|lease:…), strict variants. */
export function keyGrammar(prefix: string, fund: string): RegExp {
  const p = `${prefix}{${fund}}:`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const tier = "(book|risk|morning_pack|attribution)";
  return new RegExp(`^${p}(meta|index|(e|lease):${tier}:(?!.*\\.\\.)[A-Za-z0-9_.-]{1,200})$`);
}
