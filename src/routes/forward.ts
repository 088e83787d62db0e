// The pass-through to the origin: same method and path, the VALIDATED (canonical) query and
// body rather than the raw ones, the caller's verified identity, and nothing else the client
// sent. The origin's answer, error or not, is relayed with its status and data version.
import type { Context } from "hono";
import { noneMatch } from "../cache/cache-response.ts";
import { etagOf } from "../cache/envelope.ts";
import type { AppEnv } from "../env.ts";
import { canonicalPathOf } from "../http/canonical-path.ts";
import { DATA_VERSION_HEADER } from "../origin-client.ts";

const RELAYED_HEADERS = ["Content-Type", DATA_VERSION_HEADER, "Location", "Retry-After"];

export async function forward(c: Context<AppEnv>): Promise<Response> {
  const body = c.req.valid("json" as never) as unknown;
  const headers = new Headers({ Accept: "application/json", "X-Request-Id": c.get("requestId") });
  const res = await c.get("origin").send(c.req.method, canonicalPathOf(c), {
    body: body === undefined ? null : JSON.stringify(body),
    headers,
    identity: c.get("identity"),
  });
  return c.req.method === "GET" ? withEtag(c.req.header("If-None-Match"), res) : relay(res);
}

/**
 * An uncached GET (proposals, journal, limits, equity curves …; frontends poll them): the
 * origin's 2xx answer gets a strong ETag over its bytes, which the edge relays unchanged, and
 * If-None-Match that names it is answered 304 without the body (RFC 9110 §13.1.2). The origin
 * is still asked: nothing is cached, only the transfer is saved.
 */
async function withEtag(ifNoneMatch: string | undefined, res: Response): Promise<Response> {
  if (res.status < 200 || res.status >= 300) return relay(res);
  const body = await res.text();
  const etag = await etagOf(body);
  const headers = relayedHeaders(res);
  headers.set("ETag", etag);
  if (noneMatch(ifNoneMatch ?? null, etag)) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: res.status, headers });
}

function relayedHeaders(res: Response): Headers {
  const headers = new Headers();
  for (const name of RELAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** Copies status, body and the headers that mean something to the client. */
export function relay(res: Response): Response {
  return new Response(res.body, { status: res.status, headers: relayedHeaders(res) });
}
