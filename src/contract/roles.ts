// The contract's role hierarchy and the route → minimum role table, shared by the edge (which
// refuses with 403 before calling the origin) and the origin (which enforces it again as
// defence in depth). Paths are Hono patterns relative to /api/v1/pms.

export const ROLES = ["VIEWER", "MANAGER", "RISK_OFFICER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

// ADMIN ⊇ all; MANAGER ⊇ VIEWER; RISK_OFFICER ⊇ VIEWER (MANAGER and RISK_OFFICER are siblings).
const GRANTS: Record<Role, ReadonlySet<Role>> = {
  VIEWER: new Set(["VIEWER"]),
  MANAGER: new Set(["MANAGER", "VIEWER"]),
  RISK_OFFICER: new Set(["RISK_OFFICER", "VIEWER"]),
  ADMIN: new Set(ROLES),
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleSatisfies(actual: Role, required: Role): boolean {
  return GRANTS[actual].has(required);
}

export interface RouteRole {
  method: "GET" | "POST";
  path: string;
  role: Role;
}

/** Every write route and its role; every other route of the contract needs VIEWER. */
export const WRITE_ROUTE_ROLES: readonly RouteRole[] = [
  { method: "POST", path: "/book/positions/open", role: "MANAGER" },
  { method: "POST", path: "/book/positions/:id/close", role: "MANAGER" },
  { method: "POST", path: "/book/positions/:id/update-price", role: "MANAGER" },
  { method: "POST", path: "/mtm", role: "MANAGER" },
  { method: "POST", path: "/trades/proposals/:id/approve", role: "MANAGER" },
  { method: "POST", path: "/trades/proposals/:id/reject", role: "MANAGER" },
  { method: "POST", path: "/trades/proposals/:id/modify-approve", role: "MANAGER" },
  { method: "POST", path: "/trades/proposals/generate", role: "MANAGER" },
  { method: "POST", path: "/journal/:id/outcome", role: "MANAGER" },
  { method: "POST", path: "/morning-pack/generate", role: "MANAGER" },
  { method: "POST", path: "/risk/emergency-stop", role: "RISK_OFFICER" },
  { method: "POST", path: "/risk/emergency-stop/reset", role: "MANAGER" },
  { method: "POST", path: "/pipeline/trigger", role: "ADMIN" },
  { method: "POST", path: "/pipeline/backfill-returns", role: "ADMIN" },
  // Edge-only administration of the cache (docs/contract.md §Edge-only routes).
  { method: "GET", path: "/cache/status", role: "ADMIN" },
  { method: "POST", path: "/cache/invalidate", role: "ADMIN" },
  { method: "POST", path: "/cache/warm", role: "ADMIN" },
];

/**
 * Minimum role for a method and a matched route pattern (relative to /api/v1/pms). HEAD is GET
 * without the body (RFC 9110 §9.3.2): Hono runs the GET handler for it, so it needs what GET needs.
 */
export function requiredRole(method: string, pattern: string): Role {
  const asked = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const row = WRITE_ROUTE_ROLES.find((r) => r.method === asked && r.path === pattern);
  return row ? row.role : "VIEWER";
}
