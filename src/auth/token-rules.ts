// The claims every accepted token must carry, whoever signed it (HS256 with the deployment's
// secret, or an identity provider's RS256/ES256 key): `sub` a plain identifier (it is sent to the
// origin as a header, so no control characters can ride along), `role` one of the contract's
// roles, `exp` in the future, `iat` present and not later than now + the clock-skew allowance,
// `exp − iat` within the deployment's maximum lifetime, and `fund` unless the deployment lets
// tokens omit it (docs/security.md §Tokens).
import * as z from "zod";
import { ROLES } from "../contract/roles.ts";
import { AppError } from "../http/app-error.ts";
import type { TokenRules } from "../security-config.ts";

const Claims = z.object({
  sub: z.string().regex(/^[A-Za-z0-9@._+-]{1,128}$/),
  role: z.enum(ROLES),
  exp: z.number().finite(),
  iat: z.number().finite(),
  nbf: z.number().finite().optional(),
  fund: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
export type Claims = z.infer<typeof Claims>;

const refuse = (detail: string): never => {
  throw new AppError("unauthorized", detail);
};

/** The verified payload's claims under the rules, or 401. `nowSeconds`: the edge's clock. */
export function checkClaims(payload: unknown, rules: TokenRules, nowSeconds: number): Claims {
  const parsed = Claims.safeParse(payload);
  if (!parsed.success) return refuse("the token lacks valid sub, role, iat or exp claims");
  const claims = parsed.data;
  if (claims.exp <= nowSeconds) refuse("the token has expired");
  if (claims.iat > nowSeconds + rules.skewSeconds) refuse("the token is issued in the future");
  if (claims.nbf !== undefined && claims.nbf > nowSeconds + rules.skewSeconds) refuse("the token is not valid yet");
  if (claims.exp - claims.iat > rules.maxLifetimeSeconds) {
    refuse(`the token lives longer than ${rules.maxLifetimeSeconds} s (exp − iat)`);
  }
  if (rules.requireFund && claims.fund === undefined) refuse("the token names no fund");
  return claims;
}
