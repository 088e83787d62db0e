// The JOSE header of a compact JWT (its first segment), decoded without touching the payload or
// the signature: the edge reads it on every request to pick the verifier, and hono's decode()
// would parse the payload as well. Nothing here is trusted; the verifier checks it all.
// A deployment sees a handful of distinct headers (one per algorithm and key), so the decoded
// ones are kept, a few dozen at most.

type Header = { alg?: unknown; kid?: unknown };

const decoded = new Map<string, Header>();
const MAX_HEADERS = 64;

/** `{ alg, kid }` of the token's header, or undefined when the first segment is not base64url JSON. */
export function tokenHeader(token: string): Header | undefined {
  const segment = token.slice(0, token.indexOf("."));
  let header = decoded.get(segment);
  if (header) return header;
  try {
    const value: unknown = JSON.parse(atob(segment.replace(/-/g, "+").replace(/_/g, "/")));
    if (value === null || typeof value !== "object") return undefined;
    header = value as Header;
  } catch {
    return undefined;
  }
  if (decoded.size >= MAX_HEADERS) decoded.clear();
  decoded.set(segment, Object.freeze(header));
  return header;
}
