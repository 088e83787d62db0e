// The path and query the origin is asked for on behalf of a request: the VALIDATED, canonical
// query (sorted keys, defaults applied, enums in their canonical spelling), never the raw one,
// so the origin computes exactly what the cache key names.
import type { Context } from "hono";

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

export function canonicalPathOf(c: Context): string {
  const query = c.req.valid("query" as never) as Record<string, unknown> | undefined;
  return c.req.path + canonicalQuery(query);
}
