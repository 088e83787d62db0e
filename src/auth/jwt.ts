// HS256 tokens signed with the deployment's JWT_SECRET (local development, tests and the edge's
// own warm-up). The signature and the algorithm are checked here; the claims by token-rules.ts.
// A token naming another algorithm, `none` included, is refused. A signature this isolate has
// verified under the same secret is not verified again (verified-signatures.ts).
import { verify } from "hono/jwt";
import { AppError } from "../http/app-error.ts";
import type { TokenRules } from "../security-config.ts";
import { type Claims, checkClaims } from "./token-rules.ts";
import { verifiedPayload } from "./verified-signatures.ts";

type Payload = Record<string, unknown>;

export type { Claims };

export async function verifyUserToken(
  token: string,
  secret: string,
  rules: TokenRules,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<Claims> {
  let payload: unknown;
  try {
    // Time claims are checked by checkClaims, with the clock-skew allowance.
    payload = await verifiedPayload(
      token,
      secret,
      () => verify(token, secret, { alg: "HS256", exp: false, nbf: false, iat: false }) as Promise<Payload>,
    );
  } catch {
    throw new AppError("unauthorized", "the token is not valid");
  }
  return checkClaims(payload, rules, nowSeconds);
}
