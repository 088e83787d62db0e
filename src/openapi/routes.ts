// Every route the edge mounts, with the zod schemas its validators use and its 2xx body: the
// source of the OpenAPI document. A test compares this list with the app's mounted routes, so a
// route added without a row here fails CI.
import type * as z from "zod";
import { AttributionQuery, BestWorstQuery } from "../contract/attribution.ts";
import { JournalQuery, OutcomeBody } from "../contract/journal.ts";
import { DaysQuery, GeneratePackBody } from "../contract/morning-pack.ts";
import {
  AsOfQuery,
  ClosePositionBody,
  DateRangeQuery,
  MtmBody,
  OpenPositionBody,
  PositionsQuery,
  UpdatePriceBody,
} from "../contract/portfolio.ts";
import { dateParam, idParam } from "../contract/primitives.ts";
import { EDGE_RESPONSES, ORIGIN_RESPONSES } from "../contract/responses.ts";
import { EmergencyStopBody, StressTestBody } from "../contract/risk.ts";
import {
  ApproveBody,
  GenerateProposalsBody,
  ModifyApproveBody,
  ProposalsQuery,
  RejectBody,
} from "../contract/trades.ts";
import { InvalidateBody } from "../routes/cache-admin.ts";
import { WarmBody } from "../routes/cache-warm.ts";

export interface RouteDoc {
  method: "GET" | "POST";
  /** Hono pattern relative to the API prefix; `/health` is the one route outside it. */
  pattern: string;
  summary: string;
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  /** The 2xx body; absent for a redirect. */
  response?: z.ZodType;
  /** 200 unless the route answers another 2xx/3xx. */
  status?: number;
  /** Outside the API prefix and without a token. */
  public?: boolean;
}

const O = ORIGIN_RESPONSES;
const E = EDGE_RESPONSES;

export const ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: "GET",
    pattern: "/health",
    summary: "Whether the edge reaches Redis and the origin",
    response: E["GET /health"],
    public: true,
  },
  {
    method: "GET",
    pattern: "/book",
    summary: "Position book (tier: book)",
    query: AsOfQuery,
    response: O["GET /book"],
  },
  {
    method: "GET",
    pattern: "/book/positions",
    summary: "Positions, filtered",
    query: PositionsQuery,
    response: O["GET /book/positions"],
  },
  {
    method: "POST",
    pattern: "/book/positions/open",
    summary: "Open a position",
    body: OpenPositionBody,
    response: O["POST /book/positions/open"],
    status: 201,
  },
  {
    method: "POST",
    pattern: "/book/positions/:id/close",
    summary: "Close a position",
    params: idParam,
    body: ClosePositionBody,
    response: O["POST /book/positions/:id/close"],
  },
  {
    method: "POST",
    pattern: "/book/positions/:id/update-price",
    summary: "Set a position's price",
    params: idParam,
    body: UpdatePriceBody,
    response: O["POST /book/positions/:id/update-price"],
  },
  { method: "POST", pattern: "/mtm", summary: "Mark the book to market", body: MtmBody, response: O["POST /mtm"] },
  { method: "GET", pattern: "/pnl/summary", summary: "P&L summary", query: AsOfQuery, response: O["GET /pnl/summary"] },
  {
    method: "GET",
    pattern: "/pnl/equity-curve",
    summary: "Daily P&L curve",
    query: DateRangeQuery,
    response: O["GET /pnl/equity-curve"],
  },
  {
    method: "GET",
    pattern: "/pnl/attribution",
    summary: "P&L by strategy and asset class",
    response: O["GET /pnl/attribution"],
  },
  {
    method: "GET",
    pattern: "/pnl/monthly-heatmap",
    summary: "Monthly returns",
    response: O["GET /pnl/monthly-heatmap"],
  },
  {
    method: "GET",
    pattern: "/trades/proposals",
    summary: "Trade proposals",
    query: ProposalsQuery,
    response: O["GET /trades/proposals"],
  },
  {
    method: "POST",
    pattern: "/trades/proposals/generate",
    summary: "Generate proposals",
    body: GenerateProposalsBody,
    response: O["POST /trades/proposals/generate"],
  },
  {
    method: "GET",
    pattern: "/trades/proposals/:id",
    summary: "One proposal",
    params: idParam,
    response: O["GET /trades/proposals/:id"],
  },
  {
    method: "POST",
    pattern: "/trades/proposals/:id/approve",
    summary: "Approve a proposal",
    params: idParam,
    body: ApproveBody,
    response: O["POST /trades/proposals/:id/approve"],
  },
  {
    method: "POST",
    pattern: "/trades/proposals/:id/reject",
    summary: "Reject a proposal",
    params: idParam,
    body: RejectBody,
    response: O["POST /trades/proposals/:id/reject"],
  },
  {
    method: "POST",
    pattern: "/trades/proposals/:id/modify-approve",
    summary: "Approve a proposal with changes",
    params: idParam,
    body: ModifyApproveBody,
    response: O["POST /trades/proposals/:id/modify-approve"],
  },
  { method: "GET", pattern: "/journal", summary: "Decision journal", query: JournalQuery, response: O["GET /journal"] },
  {
    method: "GET",
    pattern: "/journal/stats/decision-analysis",
    summary: "Decision statistics",
    response: O["GET /journal/stats/decision-analysis"],
  },
  {
    method: "GET",
    pattern: "/journal/:id",
    summary: "One journal entry",
    params: idParam,
    response: O["GET /journal/:id"],
  },
  {
    method: "POST",
    pattern: "/journal/:id/outcome",
    summary: "Record an outcome",
    params: idParam,
    body: OutcomeBody,
    response: O["POST /journal/:id/outcome"],
    status: 201,
  },
  {
    method: "GET",
    pattern: "/morning-pack/latest",
    summary: "Latest morning pack (tier: morning_pack)",
    response: O["GET /morning-pack/latest"],
  },
  {
    method: "POST",
    pattern: "/morning-pack/generate",
    summary: "Generate the morning pack",
    body: GeneratePackBody,
    response: O["POST /morning-pack/generate"],
  },
  {
    method: "GET",
    pattern: "/morning-pack/history",
    summary: "Past packs",
    query: DaysQuery,
    response: O["GET /morning-pack/history"],
  },
  {
    method: "GET",
    pattern: "/morning-pack/:date",
    summary: "The pack of a date (tier: morning_pack)",
    params: dateParam,
    response: O["GET /morning-pack/:date"],
  },
  {
    method: "GET",
    pattern: "/risk/live",
    summary: "Live risk monitor (tier: risk)",
    query: AsOfQuery,
    response: O["GET /risk/live"],
  },
  { method: "GET", pattern: "/risk/summary", summary: "Redirects to /risk/live", status: 307 },
  {
    method: "GET",
    pattern: "/risk/trend",
    summary: "Risk over time",
    query: DaysQuery,
    response: O["GET /risk/trend"],
  },
  { method: "GET", pattern: "/risk/limits", summary: "Limits and their use", response: O["GET /risk/limits"] },
  {
    method: "POST",
    pattern: "/risk/stress-test",
    summary: "Custom stress test: shocks by asset class, instrument or factor (not cached, writes nothing)",
    body: StressTestBody,
    response: O["POST /risk/stress-test"],
  },
  {
    method: "POST",
    pattern: "/risk/emergency-stop",
    summary: "Stop trading",
    body: EmergencyStopBody,
    response: O["POST /risk/emergency-stop"],
  },
  {
    method: "POST",
    pattern: "/risk/emergency-stop/reset",
    summary: "Resume trading",
    response: O["POST /risk/emergency-stop/reset"],
  },
  {
    method: "GET",
    pattern: "/attribution",
    summary: "P&L attribution (tier: attribution)",
    query: AttributionQuery,
    response: O["GET /attribution"],
  },
  {
    method: "GET",
    pattern: "/attribution/equity-curve",
    summary: "Equity curve",
    query: DateRangeQuery,
    response: O["GET /attribution/equity-curve"],
  },
  {
    method: "GET",
    pattern: "/attribution/best-worst",
    summary: "Best and worst positions",
    query: BestWorstQuery,
    response: O["GET /attribution/best-worst"],
  },
  {
    method: "POST",
    pattern: "/pipeline/trigger",
    summary: "Run MTM, proposals and the pack",
    response: O["POST /pipeline/trigger"],
  },
  {
    method: "POST",
    pattern: "/pipeline/backfill-returns",
    summary: "Backfill daily returns",
    response: O["POST /pipeline/backfill-returns"],
  },
  {
    method: "GET",
    pattern: "/session",
    summary: "Who the edge takes the caller to be: subject, role, fund (edge only)",
    response: E["GET /session"],
  },
  {
    method: "GET",
    pattern: "/cache/status",
    summary: "The cache protocol's state (edge only)",
    response: E["GET /cache/status"],
  },
  {
    method: "POST",
    pattern: "/cache/invalidate",
    summary: "Invalidate tags (edge only)",
    body: InvalidateBody,
    response: E["POST /cache/invalidate"],
  },
  {
    method: "POST",
    pattern: "/cache/warm",
    summary: "Run a warm-up (edge only)",
    body: WarmBody,
    response: E["POST /cache/warm"],
  },
];
