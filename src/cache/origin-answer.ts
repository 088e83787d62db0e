// An origin answer read once into plain data (status, body text, type, version), so that it can
// be shared between requests of one isolate (single-flight.ts) and stored in the cache.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { dataVersionOf } from "../origin-client.ts";
import type { Timing } from "./cache-response.ts";

export interface OriginAnswer {
  status: number;
  body: string;
  contentType: string | null;
  version: number | null;
}

export async function askOrigin(c: Context<AppEnv>, pathAndQuery: string, timing?: Timing): Promise<OriginAnswer> {
  const call = () => c.var.origin.send("GET", pathAndQuery, { identity: c.var.identity });
  const res = await (timing ? timing.origin(call) : call());
  return {
    status: res.status,
    body: await res.text(),
    contentType: res.headers.get("Content-Type"),
    version: dataVersionOf(res),
  };
}

/** Only a 2xx JSON object is cached: cached bodies are trusted to parse when they are served. */
export function storable(answer: OriginAnswer): boolean {
  if (answer.status < 200 || answer.status >= 300) return false;
  if (!answer.contentType?.toLowerCase().startsWith("application/json")) return false;
  return jsonObject(answer.body) !== null;
}

export function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
