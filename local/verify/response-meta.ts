// Reading the edge's response metadata (docs/contract.md §Cache metadata on tiered routes): Cache-Status per
// RFC 9211, PMS-Data-Version, and the `cached` / `cache_age_seconds` body fields.
import type { HttpResponse } from "./http.ts";

export type CacheOutcome = "hit" | "miss" | "stale" | "bypass" | "other" | "absent";

/**
 * RFC 9211 §2: a list of cache members, each `name; param; param=value`. Only our own member
 * (`pms-edge`) counts; `hit` is a bare parameter, the forward reason is `fwd=<reason>`.
 */
export function cacheOutcome(header: string | undefined): CacheOutcome {
  if (!header) return "absent";
  const member = header
    .split(",")
    .map((m) => m.trim())
    .find((m) => m.split(";")[0]?.trim() === "pms-edge");
  if (!member) return "absent";
  const params = member
    .split(";")
    .slice(1)
    .map((p) => p.trim().toLowerCase());
  if (params.includes("hit")) return "hit";
  const fwd = params.find((p) => p.startsWith("fwd="))?.slice(4);
  if (fwd === "miss" || fwd === "stale" || fwd === "bypass") return fwd;
  return "other";
}

export function describeCacheStatus(res: HttpResponse): string {
  return res.headers["cache-status"] ?? "no Cache-Status";
}

export function dataVersion(res: HttpResponse): number | undefined {
  const raw = res.headers["pms-data-version"];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

export function field(res: HttpResponse, name: string): unknown {
  const body = res.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  return (body as Record<string, unknown>)[name];
}

/** The role claim of a JWT, read without verifying it: only to decide which checks apply. */
export function tokenRole(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    const role = (claims as { role?: unknown } | null)?.role;
    return typeof role === "string" ? role.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}
