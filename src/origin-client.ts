// The client of the origin compute service. It adds the service token and the caller's
// verified identity (PMS-User / PMS-Role), bounds every call with a deadline, and maps network
// failures to 502 and deadline overruns to 504. Any HTTP answer of the origin, error or not, is
// returned as it is: the edge passes origin errors through unchanged.
import type { Role } from "./contract/roles.ts";
import { AppError } from "./http/app-error.ts";

export interface Identity {
  sub: string;
  role: Role;
}

export interface OriginSendInit {
  body?: string | null;
  headers?: HeadersInit;
  identity?: Identity;
}

export interface OriginClient {
  send(method: string, pathAndQuery: string, init?: OriginSendInit): Promise<Response>;
}

export const DATA_VERSION_HEADER = "PMS-Data-Version";

/** The origin's committed data version of a response, or null when absent or malformed. */
export function dataVersionOf(res: Response): number | null {
  const raw = res.headers.get(DATA_VERSION_HEADER);
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

export interface HttpOriginOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Injected for tests; the Workers global fetch otherwise. */
  fetch?: typeof fetch;
}

export function createHttpOriginClient(options: HttpOriginOptions): OriginClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    async send(method, pathAndQuery, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${options.token}`);
      if (init.identity) {
        headers.set("PMS-User", init.identity.sub);
        headers.set("PMS-Role", init.identity.role);
      }
      if (init.body != null && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      try {
        return await doFetch(base + pathAndQuery, {
          method,
          headers,
          body: init.body ?? null,
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === "TimeoutError" || name === "AbortError") {
          throw new AppError("origin-timeout", `the origin did not answer within ${options.timeoutMs} ms`);
        }
        throw new AppError("origin-unavailable", "the origin could not be reached");
      }
    },
  };
}
