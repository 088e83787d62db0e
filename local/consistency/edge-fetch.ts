// The consistency checker's fetch over HTTP against the bench's edge Worker (Miniflare, loopback):
// one Bearer JWT per role, signed with the development secret the stack gives the edge. Every
// request has a deadline so a hung connection cannot keep a phase running past its window.
import { DEV_SECRETS } from "../dev-secrets.ts";
import { mintToken } from "../token.ts";
import type { CheckFetch, CheckRole } from "./consistency.ts";

const ROLES: readonly CheckRole[] = ["VIEWER", "MANAGER", "RISK_OFFICER", "ADMIN"];

export async function edgeCheckFetch(edgeUrl: string, timeoutMs: number): Promise<CheckFetch> {
  const tokens = new Map<CheckRole, string>();
  for (const role of ROLES)
    tokens.set(role, await mintToken(DEV_SECRETS.JWT_SECRET, { role, sub: `soak-${role.toLowerCase()}` }));
  return (path, init) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(init.role)}` };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    return fetch(`${edgeUrl}${path}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  };
}
