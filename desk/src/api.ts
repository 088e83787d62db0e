// The desk's HTTP client: same origin as the page, the user's token as a Bearer header, and the
// two things that make a browser a good cache client of the edge: If-None-Match on every read
// it has an ETag for (an unchanged panel costs a 304), and PMS-Min-Version on every read (the
// highest PMS-Data-Version this tab has seen, so no panel ever goes back in time after a write;
// the edge goes to the origin when its copy is older, docs/desk.md §Read-your-writes).

export const API = "/api/v1/pms";

/** Where an answer came from, from the edge's Cache-Status (RFC 9211); uncached routes have none. */
export type Source = "hit" | "miss" | "stale" | "bypass" | "uncached";

export interface Meta {
  status: number;
  source: Source;
  cacheStatus: string | null;
  /** Age header, seconds (tiered routes). */
  age: number | null;
  /** PMS-Data-Version: the data version the answer is current as of. */
  version: number | null;
  etag: string | null;
  /** When the answer arrived (ms, the page's clock). */
  at: number;
}

export type ReadResult<T> = { status: 200; body: T; meta: Meta } | { status: 304; meta: Meta };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly meta?: Meta,
  ) {
    super(`${status}: ${detail}`);
  }
}

export function sourceOf(cacheStatus: string | null): Source {
  if (!cacheStatus) return "uncached";
  const member = cacheStatus.split(",").find((m) => m.trim().startsWith("pms-edge")) ?? cacheStatus;
  const params = member.split(";").map((p) => p.trim());
  if (params.includes("hit")) return "hit";
  const fwd = params.find((p) => p.startsWith("fwd="))?.slice(4);
  return fwd === "stale" || fwd === "bypass" ? fwd : "miss";
}

const intOrNull = (raw: string | null): number | null => (raw !== null && /^\d+$/.test(raw) ? Number(raw) : null);

export function metaOf(res: Response, now: number): Meta {
  const cacheStatus = res.headers.get("Cache-Status");
  return {
    status: res.status,
    source: sourceOf(cacheStatus),
    cacheStatus,
    age: intOrNull(res.headers.get("Age")),
    version: intOrNull(res.headers.get("PMS-Data-Version")),
    etag: res.headers.get("ETag"),
    at: now,
  };
}

async function problemDetail(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string; title?: string };
    return body.detail ?? body.title ?? res.statusText;
  } catch {
    return res.statusText || "request failed";
  }
}

export class DeskApi {
  /** The highest PMS-Data-Version seen on any answer (reads and writes). */
  maxVersion = 0;
  private readonly versionListeners = new Set<(v: number) => void>();

  constructor(
    private readonly token: string,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
    private readonly now: () => number = () => Date.now(),
  ) {}

  onVersion(listener: (v: number) => void): () => void {
    this.versionListeners.add(listener);
    return () => this.versionListeners.delete(listener);
  }

  observe(version: number | null): void {
    if (version === null || version <= this.maxVersion) return;
    this.maxVersion = version;
    for (const l of this.versionListeners) l(version);
  }

  private headers(extra: Record<string, string> = {}): Headers {
    const h = new Headers({ Accept: "application/json", ...extra });
    // No token: Cloudflare Access adds its assertion to the request (session.ts).
    if (this.token) h.set("Authorization", `Bearer ${this.token}`);
    if (this.maxVersion > 0) h.set("PMS-Min-Version", String(this.maxVersion));
    return h;
  }

  async get<T>(path: string, opts: { etag?: string | null; signal?: AbortSignal } = {}): Promise<ReadResult<T>> {
    const headers = this.headers(opts.etag ? { "If-None-Match": opts.etag } : {});
    // The desk keeps its own ETags, so the browser's HTTP cache stays out of the way ("no-store").
    // For such a request (and for any conditional one) fetch adds `Cache-Control: no-cache`
    // unless the request has a Cache-Control of its own, and the edge would honour it by going
    // to the origin every time. `no-transform` is that header, meaning nothing to the edge.
    headers.set("Cache-Control", "no-transform");
    const res = await this.fetchFn(`${API}${path}`, { headers, signal: opts.signal ?? null, cache: "no-store" });
    const meta = metaOf(res, this.now());
    this.observe(meta.version);
    if (res.status === 304) return { status: 304, meta };
    if (!res.ok) throw new ApiError(res.status, await problemDetail(res), meta);
    return { status: 200, body: (await res.json()) as T, meta };
  }

  /** A write; its answer's PMS-Data-Version becomes the floor of every later read. */
  async post<T>(path: string, body: unknown): Promise<{ body: T; meta: Meta }> {
    const res = await this.fetchFn(`${API}${path}`, {
      method: "POST",
      headers: this.headers({ "Content-Type": "application/json" }),
      body: JSON.stringify(body),
    });
    const meta = metaOf(res, this.now());
    if (!res.ok) throw new ApiError(res.status, await problemDetail(res), meta);
    this.observe(meta.version);
    return { body: (await res.json()) as T, meta };
  }
}
