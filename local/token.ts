// Signs HS256 user tokens the edge accepts. Used by `npm run token`, the launcher, the tests'
// harness and the benchmarks.

import { signUserToken, type TokenClaims } from "../src/auth/sign-token.ts";
import { isRole, type Role } from "../src/contract/roles.ts";

export type { TokenClaims };
/** The local stack's fund (wrangler.toml FUND_ID): tokens name it unless told another. */
export const LOCAL_FUND = "demo";

export const mintToken = (secret: string, claims: TokenClaims): Promise<string> =>
  signUserToken(secret, { fund: LOCAL_FUND, ...claims });

/** "8h", "30m", "45s", "2d" or a number of seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text} (use e.g. 45s, 30m, 8h, 2d)`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

export function parseRole(text: string): Role {
  const role = text.toUpperCase();
  if (!isRole(role)) throw new Error(`not a role: ${text} (VIEWER, MANAGER, RISK_OFFICER, ADMIN)`);
  return role;
}
