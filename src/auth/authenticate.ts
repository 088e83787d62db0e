// Runs before anything else on /api/v1/pms, including the cache: verifies the JWT, then
// enforces the contract's role table (403 before the origin is ever called). The identity the
// origin sees comes only from here: client-sent PMS-User / PMS-Role headers are never forwarded.
// The token comes as `Authorization: Bearer` or, behind Cloudflare Access, as
// `Cf-Access-Jwt-Assertion`. Its header's algorithm picks the verifier: HS256 against
// JWT_SECRET, RS256/ES256 against the identity provider's JWKS (OIDC_JWKS_URL). Each refuses the
// other's algorithms, so a token signed with HS256 over the provider's public key is refused.
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { API_PREFIX } from "../contract/api-prefix.ts";
import { requiredRole, roleSatisfies } from "../contract/roles.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { verifyUserToken } from "./jwt.ts";
import { verifyOidcToken } from "./oidc.ts";
import { tokenHeader } from "./token-header.ts";
import type { Claims } from "./token-rules.ts";

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The compact JWT the request carries, or 401. */
function presentedToken(authorization: string | undefined, access: string | undefined): string {
  const bearer = /^Bearer\s+(\S+)$/.exec(authorization?.trim() ?? "")?.[1];
  const token = bearer ?? access?.trim();
  if (!token || !JWT.test(token)) throw new AppError("unauthorized", "a Bearer token is required");
  return token;
}

export const authenticate = createMiddleware<AppEnv>(async function authenticate(c, next) {
  const { security, fundId: fund } = c.get("config");
  if (!c.env.JWT_SECRET && !security.oidc) throw new Error("neither JWT_SECRET nor OIDC_JWKS_URL is configured");
  const token = presentedToken(c.req.header("Authorization"), c.req.header("Cf-Access-Jwt-Assertion"));
  const alg = tokenHeader(token)?.alg;
  let claims: Claims;
  if (alg === "HS256" && c.env.JWT_SECRET) {
    claims = await verifyUserToken(token, c.env.JWT_SECRET, security.tokens);
  } else if ((alg === "RS256" || alg === "ES256") && security.oidc) {
    claims = await verifyOidcToken(token, security.oidc, security.tokens);
  } else {
    throw new AppError("unauthorized", "the token is not valid");
  }
  // One edge serves one fund's origin; a token issued for another fund reads nothing here.
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
