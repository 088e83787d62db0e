// The deployment's security settings (docs/security.md): token rules, identity provider, CORS,
// bounded input, the cache's per-fund budget and who sees the cache's details. Parsed from the
// vars with config.ts; a bad value fails loudly rather than weakening a rule silently.
import { isCalendarDate } from "./contract/primitives.ts";
import { isRole, type Role } from "./contract/roles.ts";

export interface SecurityVars {
  JWT_CLOCK_SKEW_SECONDS?: string;
  JWT_MAX_LIFETIME_SECONDS?: string;
  JWT_REQUIRE_FUND?: string;
  OIDC_JWKS_URL?: string;
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_ROLE_CLAIM?: string;
  OIDC_GROUP_ROLES?: string;
  OIDC_JWKS_TTL_SECONDS?: string;
  OIDC_JWKS_MIN_REFRESH_SECONDS?: string;
  CORS_ALLOWED_ORIGINS?: string;
  CACHE_DETAILS_ADMIN_ONLY?: string;
  FUND_INCEPTION_DATE?: string;
  ATTRIBUTION_MAX_SPAN_DAYS?: string;
  CACHE_MAX_ENTRIES?: string;
  CACHE_MAX_ENTRY_BYTES?: string;
  RATE_LIMIT_RETRY_AFTER_SECONDS?: string;
}

export interface TokenRules {
  /** How far a token's iat (and nbf) may lie in the future: clocks disagree. */
  skewSeconds: number;
  /** Longest accepted exp − iat. */
  maxLifetimeSeconds: number;
  /** A token must name the fund this edge serves. */
  requireFund: boolean;
}

export interface OidcSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
  roleClaim: string;
  /** Group name → role, read from the `groups` claim when set. */
  groupRoles: Record<string, Role> | null;
  jwksTtlSeconds: number;
  /** An unknown kid refetches the JWKS only when the copy held is at least this old. */
  minRefreshSeconds: number;
}

export interface SecurityConfig {
  tokens: TokenRules;
  oidc: OidcSettings | null;
  corsOrigins: string[];
  /** Cache-Status parameters and Server-Timing only for ADMIN callers. */
  cacheDetailsAdminOnly: boolean;
  /** First day of the fund's history, when the deployment names it. */
  inceptionDate: string | null;
  maxWindowDays: number;
  /** Cached entries per fund; the oldest stored is evicted past it. */
  maxEntries: number;
  /** An origin answer larger than this is served but not stored. */
  maxEntryBytes: number;
  retryAfterSeconds: number;
}

type Int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => number;

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (raw !== "true" && raw !== "false") throw new Error(`configuration ${name}=${raw} must be true or false`);
  return raw === "true";
}

function groupRoles(raw: string | undefined): Record<string, Role> | null {
  if (raw === undefined || raw.trim() === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("configuration OIDC_GROUP_ROLES must be a JSON object of group → role");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error("configuration OIDC_GROUP_ROLES must be a JSON object of group → role");
  }
  for (const [group, role] of Object.entries(parsed)) {
    if (!isRole(role)) throw new Error(`configuration OIDC_GROUP_ROLES: ${group} → ${String(role)} is not a role`);
  }
  return parsed as Record<string, Role>;
}

function oidc(env: SecurityVars, int: Int): OidcSettings | null {
  if (!env.OIDC_JWKS_URL) return null;
  if (!/^https?:\/\//.test(env.OIDC_JWKS_URL)) throw new Error("configuration OIDC_JWKS_URL must be an http(s) URL");
  if (!env.OIDC_ISSUER || !env.OIDC_AUDIENCE) {
    throw new Error("configuration OIDC_JWKS_URL needs OIDC_ISSUER and OIDC_AUDIENCE: tokens are checked against both");
  }
  return {
    jwksUrl: env.OIDC_JWKS_URL,
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE,
    roleClaim: env.OIDC_ROLE_CLAIM || "role",
    groupRoles: groupRoles(env.OIDC_GROUP_ROLES),
    jwksTtlSeconds: int("OIDC_JWKS_TTL_SECONDS", env.OIDC_JWKS_TTL_SECONDS, 600, 10, 86_400),
    minRefreshSeconds: int("OIDC_JWKS_MIN_REFRESH_SECONDS", env.OIDC_JWKS_MIN_REFRESH_SECONDS, 10, 0, 3_600),
  };
}

export function parseSecurity(env: SecurityVars, int: Int): SecurityConfig {
  const inception = env.FUND_INCEPTION_DATE?.trim() || null;
  if (inception !== null && !isCalendarDate(inception)) {
    throw new Error(`configuration FUND_INCEPTION_DATE=${inception} must be a date YYYY-MM-DD`);
  }
  return {
    tokens: {
      skewSeconds: int("JWT_CLOCK_SKEW_SECONDS", env.JWT_CLOCK_SKEW_SECONDS, 60, 0, 600),
      maxLifetimeSeconds: int("JWT_MAX_LIFETIME_SECONDS", env.JWT_MAX_LIFETIME_SECONDS, 12 * 3600, 60, 30 * 86_400),
      requireFund: flag("JWT_REQUIRE_FUND", env.JWT_REQUIRE_FUND, true),
    },
    oidc: oidc(env, int),
    corsOrigins: (env.CORS_ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/$/, ""))
      .filter((o) => o !== ""),
    cacheDetailsAdminOnly: flag("CACHE_DETAILS_ADMIN_ONLY", env.CACHE_DETAILS_ADMIN_ONLY, true),
    inceptionDate: inception,
    maxWindowDays: int("ATTRIBUTION_MAX_SPAN_DAYS", env.ATTRIBUTION_MAX_SPAN_DAYS, 3_660, 1, 36_600),
    maxEntries: int("CACHE_MAX_ENTRIES", env.CACHE_MAX_ENTRIES, 1_000, 1, 1_000_000),
    maxEntryBytes: int("CACHE_MAX_ENTRY_BYTES", env.CACHE_MAX_ENTRY_BYTES, 256 * 1024, 1024, 16 * 1024 * 1024),
    retryAfterSeconds: int("RATE_LIMIT_RETRY_AFTER_SECONDS", env.RATE_LIMIT_RETRY_AFTER_SECONDS, 60, 1, 3_600),
  };
}
