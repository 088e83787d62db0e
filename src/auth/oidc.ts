// Tokens from an identity provider (an OIDC provider or Cloudflare Access): RS256 or ES256,
// verified against the provider's JWKS, with `iss` and `aud` checked and the role taken from a
// configurable claim or from a group → role map. The JWKS is held per isolate for a bounded TTL;
// a token naming a key (kid) the held copy lacks refetches it (key rotation), at most once per
// OIDC_JWKS_MIN_REFRESH_SECONDS so that invented kids cannot make the edge hammer the provider.
// When the provider cannot be reached, a held copy serves until twice its TTL, then requests get
// 503: no token is accepted without a key the provider published (docs/security.md §Identity).
import { verify } from "hono/jwt";
import { isRole, type Role } from "../contract/roles.ts";
import { AppError } from "../http/app-error.ts";
import type { OidcSettings, TokenRules } from "../security-config.ts";
import { tokenHeader } from "./token-header.ts";
import { type Claims, checkClaims } from "./token-rules.ts";
import { verifiedPayload } from "./verified-signatures.ts";

type Jwk = JsonWebKey & { kid?: string };

interface HeldJwks {
  keys: Jwk[];
  fetchedAt: number;
}

/** JWKS URL → the copy this isolate holds, and the fetch under way. */
const held = new Map<string, HeldJwks>();
const fetching = new Map<string, Promise<HeldJwks>>();

const FETCH_TIMEOUT_MS = 5_000;
const ALGORITHMS = { RS256: "RSA", ES256: "EC" } as const;
/** When several groups map to roles, the one that grants most wins (MANAGER and RISK_OFFICER: MANAGER first). */
const RANK: readonly Role[] = ["ADMIN", "MANAGER", "RISK_OFFICER", "VIEWER"];

function refresh(url: string, now: number): Promise<HeldJwks> {
  let pending = fetching.get(url);
  if (!pending) {
    pending = (async () => {
      const res = await fetch(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`JWKS ${url} answered ${res.status}`);
      const body = (await res.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error(`JWKS ${url} has no keys array`);
      const copy = { keys: body.keys as Jwk[], fetchedAt: now };
      held.set(url, copy);
      return copy;
    })().finally(() => fetching.delete(url));
    fetching.set(url, pending);
  }
  return pending;
}

async function keyFor(settings: OidcSettings, kid: string, now: number): Promise<Jwk | undefined> {
  const ttlMs = settings.jwksTtlSeconds * 1000;
  let copy = held.get(settings.jwksUrl);
  if (!copy || now - copy.fetchedAt >= ttlMs) {
    try {
      copy = await refresh(settings.jwksUrl, now);
    } catch {
      if (!copy || now - copy.fetchedAt >= 2 * ttlMs) {
        throw new AppError("service-unavailable", "the identity provider's keys cannot be fetched");
      }
    }
  }
  let key = copy.keys.find((k) => k.kid === kid);
  if (!key && now - copy.fetchedAt >= settings.minRefreshSeconds * 1000) {
    try {
      key = (await refresh(settings.jwksUrl, now)).keys.find((k) => k.kid === kid);
    } catch {
      // the copy held stays; the kid is unknown to it
    }
  }
  return key;
}

function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split(".")
    .reduce<unknown>(
      (v, part) => (v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined),
      payload,
    );
}

function highest(candidates: unknown[]): Role | undefined {
  return RANK.find((role) => candidates.includes(role));
}

/** The role the provider's claims grant, or undefined (refused by checkClaims). */
export function roleOf(
  payload: Record<string, unknown>,
  settings: Pick<OidcSettings, "roleClaim" | "groupRoles">,
): Role | undefined {
  if (settings.groupRoles) {
    const groups = claimAt(payload, "groups");
    if (!Array.isArray(groups)) return undefined;
    return highest(groups.map((g) => (typeof g === "string" ? settings.groupRoles![g] : undefined)));
  }
  const value = claimAt(payload, settings.roleClaim);
  if (Array.isArray(value)) return highest(value);
  return isRole(value) ? value : undefined;
}

export async function verifyOidcToken(
  token: string,
  settings: OidcSettings,
  rules: TokenRules,
  now = Date.now(),
): Promise<Claims> {
  const header = tokenHeader(token);
  if (!header) throw new AppError("unauthorized", "the token is not valid");
  const alg = header.alg as keyof typeof ALGORITHMS;
  if (typeof alg !== "string" || !Object.hasOwn(ALGORITHMS, alg) || typeof header.kid !== "string") {
    throw new AppError("unauthorized", "an identity provider's token must be RS256 or ES256 and name its key (kid)");
  }
  const key = await keyFor(settings, header.kid, now);
  if (!key) throw new AppError("unauthorized", "the token's key (kid) is not published by the identity provider");
  // The key must be of the token's kind: an RSA key never verifies an ES256 token, nor the reverse.
  if (
    key.kty !== ALGORITHMS[alg] ||
    (key.alg !== undefined && key.alg !== alg) ||
    (key.use !== undefined && key.use !== "sig")
  ) {
    throw new AppError("unauthorized", "the token's algorithm does not match its key");
  }
  let payload: Record<string, unknown>;
  try {
    // Remembered per token, issuer and audience, and only for this very key object: a refreshed
    // JWKS copy verifies afresh (verified-signatures.ts).
    payload = await verifiedPayload(
      `${token}\n${settings.issuer}\n${settings.audience}`,
      key,
      () =>
        verify(token, key, {
          alg,
          iss: settings.issuer,
          aud: settings.audience,
          exp: false,
          nbf: false,
          iat: false,
        }) as Promise<Record<string, unknown>>,
    );
  } catch {
    throw new AppError("unauthorized", "the token is not valid (signature, issuer or audience)");
  }
  return checkClaims({ ...payload, role: roleOf(payload, settings) }, rules, Math.floor(now / 1000));
}
