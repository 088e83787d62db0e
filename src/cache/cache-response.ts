// Response metadata of tiered routes (docs/cache-protocol.md §Reads):
//   Cache-Status (RFC 9211), Age (RFC 9111 §5.1), a weak ETag and If-None-Match (RFC 9110
//   §8.8.1, §13.1.2), PMS-Data-Version, Server-Timing (W3C Server Timing), and in JSON object bodies
//   `cached` and `cache_age_seconds` (the seed's contract).
import { DATA_VERSION_HEADER } from "../origin-client.ts";

/**
 * The origin data version the payload was computed at. PMS-Data-Version says what the answer is
 * current as of (a HIT whose generations are current is current as of the last acknowledged
 * write); this one says how old the content itself is, so a stale entry cannot hide behind the
 * floor (docs/cache-protocol.md §Invariants).
 */
export const COMPUTED_VERSION_HEADER = "PMS-Computed-Version";

/** Cache-Status field value of this cache (RFC 9211 §2): `pms-edge; hit; ttl=12`. */
export function cacheStatus(...params: (string | false | undefined)[]): string {
  return ["pms-edge", ...params.filter((p): p is string => typeof p === "string" && p !== "")].join("; ");
}

/** Measures the time spent in Redis and at the origin for Server-Timing. */
export class Timing {
  cacheMs = 0;
  originMs = 0;

  cache<T>(op: () => Promise<T>): Promise<T> {
    return this.measure("cacheMs", op);
  }

  origin<T>(op: () => Promise<T>): Promise<T> {
    return this.measure("originMs", op);
  }

  private async measure<T>(field: "cacheMs" | "originMs", op: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await op();
    } finally {
      this[field] += performance.now() - start;
    }
  }

  header(): string {
    const parts = [`cache;dur=${this.cacheMs.toFixed(1)}`];
    if (this.originMs > 0) parts.push(`origin;dur=${this.originMs.toFixed(1)}`);
    return parts.join(", ");
  }
}

/** The weak form of an entity tag (`W/"…"`); already weak stays as is. */
export function weakEtag(etag: string): string {
  return etag.startsWith("W/") ? etag : `W/${etag}`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current entity. */
export function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.trim() === "*" || header.split(",").some((tag) => bare(tag) === bare(etag));
}

/**
 * Adds fields to a JSON object body; any other body (array, scalar, not JSON) is unchanged.
 * `validJson`: the body is known to parse (a cached entry was checked when it was stored), so
 * an object can take the fields by splicing before its closing brace — no parse and re-stringify
 * of the whole payload on every HIT. The spliced keys come last, so they win over any the origin
 * sent (JSON.parse keeps the last duplicate).
 */
export function withFields(body: string, fields: Record<string, unknown>, validJson = false): string {
  if (validJson) {
    const trimmed = body.trim();
    if (!trimmed.startsWith("{")) return body;
    const extra = JSON.stringify(fields).slice(1, -1);
    const inner = trimmed.slice(1, -1).trim();
    return `{${inner}${inner === "" ? "" : ","}${extra}}`;
  }
  try {
    const value: unknown = JSON.parse(body);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return body;
    return JSON.stringify({ ...(value as Record<string, unknown>), ...fields });
  } catch {
    return body;
  }
}

export interface Reply {
  status: number;
  body: string;
  contentType: string | null;
  /** "Current as of": PMS-Data-Version. */
  version: number | null;
  /** The version the body was computed at: PMS-Computed-Version. */
  computedVersion: number | null;
  cacheStatus: string;
  /** Set when the body comes from (or was just stored in) the cache. */
  etag?: string;
  /** Seconds since the entry was stored; 0 for an origin answer. */
  ageSeconds: number;
  cached: boolean;
  /** stale-if-error: the body says so too. */
  stale?: boolean;
}

/** Builds the response of a tiered route, answering 304 when If-None-Match names its ETag. */
export function reply(request: Request, r: Reply, timing: Timing): Response {
  const headers = new Headers();
  headers.set("Cache-Status", r.cacheStatus);
  headers.set("Server-Timing", timing.header());
  if (r.version !== null) headers.set(DATA_VERSION_HEADER, String(r.version));
  if (r.computedVersion !== null) headers.set(COMPUTED_VERSION_HEADER, String(r.computedVersion));
  const ok = r.status >= 200 && r.status < 300;
  if (ok) headers.set("Age", String(r.ageSeconds));
  if (r.etag) {
    // Weak (RFC 9110 §8.8.1): the entry's hash is over the origin's bytes, but the answer adds
    // `cached` and `cache_age_seconds`, so two answers with this tag may differ in bytes.
    const etag = weakEtag(r.etag);
    headers.set("ETag", etag);
    if (ok && noneMatch(request.headers.get("If-None-Match"), etag))
      return new Response(null, { status: 304, headers });
  }
  if (r.contentType) headers.set("Content-Type", r.contentType);
  const json = r.contentType?.includes("json") ?? false;
  const body =
    ok && json
      ? withFields(
          r.body,
          { cached: r.cached, cache_age_seconds: r.ageSeconds, ...(r.stale ? { stale: true } : {}) },
          r.cached,
        )
      : r.body;
  return new Response(body, { status: r.status, headers });
}
