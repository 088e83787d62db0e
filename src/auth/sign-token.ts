// Signs HS256 user tokens the edge accepts (claims of jwt.ts). Used by the scheduled warm-up for
// the edge's own identity, and by the local tooling (`npm run token`, tests, benchmarks).
import { sign } from "hono/jwt";
import type { Role } from "../contract/roles.ts";

export interface TokenClaims {
  role: Role;
  sub?: string;
  fund?: string;
  /** Lifetime in seconds (default 8 h). */
  ttlSeconds?: number;
}

export async function signUserToken(secret: string, claims: TokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: claims.sub ?? `dev-${claims.role.toLowerCase()}`,
    role: claims.role,
    iat: now,
    exp: now + (claims.ttlSeconds ?? 8 * 3600),
  };
  if (claims.fund) payload.fund = claims.fund;
  return sign(payload, secret, "HS256");
}
