// Sign-in: the token arrives in the URL fragment (`#token=<jwt>`, printed by `npm start`), which
// browsers never send to a server, and is moved at once to sessionStorage (this tab only; gone
// when it closes) and out of the address bar. It is never put in a cookie or a query string.
// The role is read from the token only to decide which buttons to show; the API enforces it.
// Behind Cloudflare Access there is no token in the page at all: Access signs the user in and
// adds Cf-Access-Jwt-Assertion to every request on its way to the Worker, and the desk asks the
// edge who that is (GET /api/v1/pms/session) for the role.

const KEY = "pms-desk-token";

export interface Session {
  /** The Bearer token; "" when Cloudflare Access vouches for the user instead. */
  token: string;
  role: string;
  sub: string;
  exp: number;
}

/** Roles that may approve, reject and mark to market (src/contract/roles.ts: MANAGER, and ADMIN above it). */
export const WRITE_ROLES = new Set(["MANAGER", "ADMIN"]);

export function claimsOf(token: string): { role: string; sub: string; exp: number } | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const c = JSON.parse(json) as { role?: unknown; sub?: unknown; exp?: unknown };
    if (typeof c.role !== "string" || typeof c.sub !== "string" || typeof c.exp !== "number") return undefined;
    return { role: c.role, sub: c.sub, exp: c.exp };
  } catch {
    return undefined;
  }
}

export function takeTokenFromFragment(loc: Location, storage: Storage, history: History): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (!match) return;
  storage.setItem(KEY, decodeURIComponent(match[1]!));
  history.replaceState(null, "", `${loc.pathname}#/pack`);
}

export function currentSession(storage: Storage, nowSeconds: number): Session | undefined {
  const token = storage.getItem(KEY);
  if (!token) return undefined;
  const claims = claimsOf(token);
  if (!claims || claims.exp <= nowSeconds) return undefined;
  return { token, ...claims };
}

export function saveToken(storage: Storage, token: string): void {
  storage.setItem(KEY, token.trim());
}

export function signOut(storage: Storage): void {
  storage.removeItem(KEY);
}

/** Cloudflare Access's sign-out, which ends the Access session (not only this tab's). */
export const ACCESS_LOGOUT = "/cdn-cgi/access/logout";

/**
 * The session Cloudflare Access provides, if any: the edge's answer to a request without a
 * token (Access adds its assertion on the way in). Undefined when the edge wants a token.
 */
export async function accessSession(fetchFn: typeof fetch): Promise<Session | undefined> {
  try {
    const res = await fetchFn("/api/v1/pms/session", {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    if (res.status !== 200) return undefined;
    const who = (await res.json()) as { role?: unknown; sub?: unknown };
    if (typeof who.role !== "string" || typeof who.sub !== "string") return undefined;
    return { token: "", role: who.role, sub: who.sub, exp: Number.POSITIVE_INFINITY };
  } catch {
    return undefined;
  }
}
