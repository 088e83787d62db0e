// The pass-through to the origin: same method and path, the VALIDATED (canonical) query and
// body rather than the raw ones, the caller's verified identity, and nothing else the client
// sent. The origin's answer, error or not, is relayed with its status and data version.
import type { Context } from "hono";
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
  return relay(res);
}

/** Copies status, body and the headers that mean something to the client. */
export function relay(res: Response): Response {
  const headers = new Headers();
  for (const name of RELAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(res.body, { status: res.status, headers });
}
