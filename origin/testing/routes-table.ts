// The contract's 35 routes with a concrete path each (ids that exist in the seeded demo fund),
// for the tests that must hold on every route (authentication, roles, bad input).
import { ROLES, type Role, requiredRole, roleSatisfies } from "../../src/contract/index.ts";

export interface RouteCase {
  method: "GET" | "POST";
  /** Hono pattern relative to /api/v1/pms (the role table's key). */
  pattern: string;
  path: string;
  /** A body the route accepts (POST only). */
  body?: unknown;
}

const r = (method: "GET" | "POST", pattern: string, path = pattern, body?: unknown): RouteCase => ({
  method,
  pattern,
  path,
  body,
});

export const ROUTES: readonly RouteCase[] = [
  r("GET", "/book"),
  r("GET", "/book/positions"),
  r("POST", "/book/positions/open", undefined, {
    instrument: "IBOV_FUT",
    asset_class: "EQUITY",
    direction: "LONG",
    notional_brl: 1_000_000,
    execution_price: 120_000,
    manager_thesis: "Test position",
    strategy_ids: ["EQUITY_MACRO"],
  }),
  r("POST", "/book/positions/:id/close", "/book/positions/2/close", { close_price: 90_000 }),
  r("POST", "/book/positions/:id/update-price", "/book/positions/2/update-price", { price: 90_000 }),
  r("POST", "/mtm", undefined, { price_overrides: {} }),
  r("GET", "/pnl/summary"),
  r("GET", "/pnl/equity-curve"),
  r("GET", "/pnl/attribution"),
  r("GET", "/pnl/monthly-heatmap"),
  r("GET", "/trades/proposals"),
  r("GET", "/trades/proposals/:id", "/trades/proposals/2"),
  r("POST", "/trades/proposals/:id/approve", "/trades/proposals/2/approve", {
    execution_price: 5.1,
    execution_notional_brl: 1_000_000,
  }),
  r("POST", "/trades/proposals/:id/reject", "/trades/proposals/2/reject", { manager_notes: "not now" }),
  r("POST", "/trades/proposals/:id/modify-approve", "/trades/proposals/2/modify-approve", {
    modified_notional_brl: 500_000,
  }),
  r("POST", "/trades/proposals/generate", undefined, {}),
  r("GET", "/journal"),
  r("GET", "/journal/stats/decision-analysis"),
  r("GET", "/journal/:id", "/journal/1"),
  r("POST", "/journal/:id/outcome", "/journal/1/outcome", { outcome_notes: "worked as planned" }),
  r("GET", "/morning-pack/latest"),
  r("POST", "/morning-pack/generate", undefined, {}),
  r("GET", "/morning-pack/history"),
  r("GET", "/morning-pack/:date", "/morning-pack/2026-11-25"),
  r("GET", "/risk/live"),
  r("GET", "/risk/trend"),
  r("GET", "/risk/limits"),
  r("POST", "/risk/stress-test", undefined, { shocks: [{ asset_class: "RATES", shift_bp: 100 }] }),
  r("POST", "/risk/emergency-stop", undefined, { reason: "test", manager_confirmation: true }),
  r("POST", "/risk/emergency-stop/reset", undefined, {}),
  r("GET", "/attribution"),
  r("GET", "/attribution/equity-curve"),
  r("GET", "/attribution/best-worst"),
  r("POST", "/pipeline/trigger", undefined, {}),
  r("POST", "/pipeline/backfill-returns", undefined, {}),
];

export const roleFor = (route: RouteCase): Role => requiredRole(route.method, route.pattern);

/** Roles that must be refused on a route. */
export const rolesBelow = (route: RouteCase): Role[] => ROLES.filter((role) => !roleSatisfies(role, roleFor(route)));
