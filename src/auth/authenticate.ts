// Runs before anything else on /api/v1/pms, including the cache: verifies the JWT, then
// enforces the contract's role table (403 before the origin is ever called). The identity the
// origin sees comes only from here: client-sent PMS-User / PMS-Role headers are never forwarded.
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { API_PREFIX } from "../contract/api-prefix.ts";
import { requiredRole, roleSatisfies } from "../contract/roles.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { verifyUserToken } from "./jwt.ts";

export const authenticate = createMiddleware<AppEnv>(async function authenticate(c, next) {
  if (!c.env.JWT_SECRET) throw new Error("JWT_SECRET is not configured");
  const claims = await verifyUserToken(c.req.header("Authorization"), c.env.JWT_SECRET);
  // One edge serves one fund's origin; a token issued for another fund reads nothing here.
  const fund = c.get("config").fundId;
  if (claims.fund !== undefined && claims.fund !== fund) {
    throw new AppError("forbidden", `this edge serves fund ${fund}, not ${claims.fund}`);
  }
  c.set("identity", { sub: claims.sub, role: claims.role });

  // The last matched route is the handler's pattern; an unknown path falls to notFound.
  const pattern = routePath(c, -1);
  if (pattern.startsWith(API_PREFIX)) {
    const needed = requiredRole(c.req.method, pattern.slice(API_PREFIX.length));
    if (!roleSatisfies(claims.role, needed)) {
      throw new AppError("forbidden", `this action needs the ${needed} role`);
    }
  }
  await next();
});
