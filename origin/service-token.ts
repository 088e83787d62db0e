// The origin's service token (docs/security.md §The origin's service token). Whoever holds it
// may act as any user with any role (PMS-User / PMS-Role), so the origin never falls back to a
// token written in the repository: without ORIGIN_TOKEN it refuses to start, unless the
// development flag (--dev) asks for a random one; and it refuses tokens too short to be secret,
// or the local stack's token, unless --dev.
import { randomBytes } from "node:crypto";
import { DEV_SECRETS } from "../local/dev-secrets.ts";

/** Shorter tokens are refused outside development: a service token must be a real secret. */
export const MIN_TOKEN_LENGTH = 16;

export function randomServiceToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The token to serve with, or an Error saying how to start the origin properly. */
export function serviceToken(
  fromEnv: string | undefined,
  dev: boolean,
): { token: string; generated: boolean } | { error: string } {
  const token = fromEnv?.trim() ?? "";
  if (token !== "") {
    if (!dev && token.length < MIN_TOKEN_LENGTH) {
      return { error: `ORIGIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (or pass --dev locally)` };
    }
    if (!dev && token === DEV_SECRETS.ORIGIN_TOKEN) {
      return {
        error: "ORIGIN_TOKEN is the local stack's token, written in the repository: set a secret one (or pass --dev)",
      };
    }
    return { token, generated: false };
  }
  if (!dev) {
    return {
      error: "ORIGIN_TOKEN is not set: set the service token the edge sends, or pass --dev for a random local one",
    };
  }
  return { token: randomServiceToken(), generated: true };
}
