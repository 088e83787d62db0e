// Canned edge responses for the verify tests: a fake Http that answers from a table of queues
// ("GET /path" → responses in order, the last one repeating) and records what was asked.
import type { VerifyContext } from "./check-kit.ts";
import { DEFAULT_TTL } from "./checks.ts";
import type { Http, HttpRequest, HttpResponse } from "./http.ts";

export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = body === undefined ? "" : JSON.stringify(body);
  return { status, body, text, headers: { "content-type": "application/json", ...headers } };
}

/** A tiered read as the edge answers it. */
export function tiered(
  outcome: "hit" | "miss" | "stale" | "bypass",
  opts: { age?: number; version?: number; etag?: string; body?: Record<string, unknown> } = {},
): HttpResponse {
  const cacheStatus =
    outcome === "hit"
      ? "pms-edge; hit"
      : outcome === "miss"
        ? "pms-edge; fwd=miss; stored"
        : `pms-edge; fwd=${outcome}`;
  const cached = outcome === "hit" || outcome === "stale";
  const age = opts.age ?? 0;
  return reply(
    200,
    { ...opts.body, cached, cache_age_seconds: cached ? age : 0 },
    {
      "cache-status": cacheStatus,
      age: String(age),
      etag: opts.etag ?? '"e1"',
      "pms-data-version": String(opts.version ?? 10),
    },
  );
}

export class FakeEdge {
  readonly requests: HttpRequest[] = [];
  private readonly routes = new Map<string, HttpResponse[]>();

  on(method: string, path: string, ...responses: HttpResponse[]): this {
    this.routes.set(`${method} ${path}`, responses);
    return this;
  }

  readonly http: Http = async (request) => {
    this.requests.push(request);
    const queue = this.routes.get(`${request.method} ${request.path}`);
    if (!queue || queue.length === 0) return reply(404, { title: "Not Found" });
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
}

export function context(edge: FakeEdge, overrides: Partial<VerifyContext> = {}): VerifyContext {
  let clock = 0;
  return {
    http: edge.http,
    role: "VIEWER",
    allowWrites: false,
    ttl: { ...DEFAULT_TTL },
    slackSeconds: 2,
    forgedToken: "forged",
    now: () => (clock += 5),
    sleep: async () => undefined,
    state: {},
    ...overrides,
  };
}
