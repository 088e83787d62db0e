// The path and query the origin is asked for on behalf of a request: the VALIDATED path
// parameters and canonical query (sorted keys, defaults applied, enums in their canonical
// spelling), never the raw ones, so the origin computes exactly what the cache key names.
import type { Context } from "hono";
import { routePath } from "hono/route";

/** Canonical query string of validated values: sorted keys, undefined dropped. */
export function canonicalQuery(values: Record<string, unknown> | undefined): string {
  if (!values) return "";
  const params = new URLSearchParams();
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The path with its VALIDATED path parameters (`/journal/007` → `/journal/7`,
 * `/morning-pack/%202026-01-01%0A` → `/morning-pack/2026-01-01`): the route's pattern filled in.
 */
function canonicalPath(c: Context): string {
  const params = c.req.valid("param" as never) as Record<string, unknown> | undefined;
  if (!params) return c.req.path;
  return routePath(c).replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/** `pinned`: values the origin must be sent although the request left them to their default. */
export function canonicalPathOf(c: Context, pinned: Record<string, string> = {}): string {
  const query = c.req.valid("query" as never) as Record<string, unknown> | undefined;
  return canonicalPath(c) + canonicalQuery({ ...query, ...pinned });
}
