// Service authentication and role enforcement (docs/contract.md §Roles and authentication).
// The edge authenticates users and forwards identity as PMS-User / PMS-Role; those headers are
// trusted only when the request carries the shared service token. Roles are enforced again
// here (defence in depth) from the contract's route → role table.
import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { API_PREFIX, isRole, requiredRole, roleSatisfies } from "../src/contract/index.ts";
import type { OriginEnv } from "./app-env.ts";
import { OriginError } from "./http/errors.ts";

/** Constant-time comparison of two secrets (hashing first makes the lengths equal). */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Bearer service token (RFC 6750) → c.var.actor. A caller without PMS-Role is a bare service
 * call and gets the least privilege (VIEWER); an unknown role is refused as bad credentials.
 */
export const serviceAuth = createMiddleware<OriginEnv>(async function serviceAuth(c, next) {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1] || !sameSecret(match[1].trim(), c.var.deps.token)) {
    c.header("WWW-Authenticate", 'Bearer realm="pms-origin"');
    throw new OriginError("unauthorized", "missing or invalid service token");
  }
  const role = c.req.header("pms-role")?.trim().toUpperCase() ?? "VIEWER";
  if (!isRole(role)) throw new OriginError("unauthorized", "unknown PMS-Role");
  const user = c.req.header("pms-user")?.trim() || "service";
  c.set("actor", { user, role });
  await next();
});

/** Refuses with 403 when the caller's role is below the matched route's role. */
export const enforceRole = createMiddleware<OriginEnv>(async function enforceRole(c, next) {
  const pattern = routePath(c, -1);
  const relative = pattern.startsWith(API_PREFIX) ? pattern.slice(API_PREFIX.length) : pattern;
  const needed = requiredRole(c.req.method, relative);
  if (!roleSatisfies(c.var.actor.role, needed)) {
    throw new OriginError("forbidden", `${c.req.method} ${relative} needs role ${needed}`);
  }
  await next();
});
