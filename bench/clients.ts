// The HTTP calls the scenarios time: the edge as a user (Bearer JWT), the origin directly as
// the edge calls it (service token + identity headers), and Upstash through the bridge as a
// Node client configured like the edge's store (one REST request per command).
import { Redis } from "@upstash/redis";
import { UPSTASH_CLIENT_OPTIONS } from "../src/cache/upstash-store.ts";
import { API_PREFIX } from "../src/contract/api-prefix.ts";
import { sleep } from "../src/lib/sleep.ts";
import type { Stack } from "./stack.ts";

/** A failed call stops the benchmark: timing errors as if they were answers would lie. */
async function checked(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/** What the edge calls need: any edge's URL and the tokens to call it (a Stack, or one edge of the rig). */
export type EdgeTarget = Pick<Stack, "edgeUrl" | "userToken" | "adminToken">;

/** GET through the edge; resolves to its Cache-Status header after the body was read. */
export async function edgeGet(stack: EdgeTarget, path: string): Promise<string> {
  const res = await checked(
    await fetch(`${stack.edgeUrl}${API_PREFIX}${path}`, { headers: { authorization: `Bearer ${stack.userToken}` } }),
    `edge GET ${path}`,
  );
  await res.arrayBuffer();
  return res.headers.get("cache-status") ?? "";
}

/**
 * Stores a fresh copy of the entry behind `path` (an ADMIN's `Cache-Control: no-cache` read, as
 * the warm-up makes), untimed: a HIT row longer than the tier's TTL (book 30 s) would otherwise
 * time the entry's expiry and revalidation among its HITs.
 */
export async function edgeRefresh(stack: EdgeTarget, path: string): Promise<void> {
  const res = await checked(
    await fetch(`${stack.edgeUrl}${API_PREFIX}${path}`, {
      headers: { authorization: `Bearer ${stack.adminToken}`, "cache-control": "no-cache" },
    }),
    `edge refresh ${path}`,
  );
  await res.arrayBuffer();
}

/** POST through the edge; resolves to the JSON answer and its Cache-Status header. */
export async function edgePost(
  stack: EdgeTarget,
  path: string,
  body: unknown,
): Promise<{ json: unknown; cacheStatus: string; dataVersion: number }> {
  const res = await checked(
    await fetch(`${stack.edgeUrl}${API_PREFIX}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.userToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    `edge POST ${path}`,
  );
  return {
    json: await res.json(),
    cacheStatus: res.headers.get("cache-status") ?? "",
    dataVersion: Number(res.headers.get("pms-data-version")),
  };
}

export interface EdgeIsolateState {
  counters: { hit: number; miss: number; stale: number; bypass: number };
  breaker: { state: "open" | "closed"; consecutiveFailures: number; openForMs: number };
  pending_invalidations: string[];
}

/** The edge isolate's cache counters, Redis breaker and pending invalidations (GET /cache/status). */
export async function edgeIsolate(stack: EdgeTarget): Promise<EdgeIsolateState> {
  const res = await checked(
    await fetch(`${stack.edgeUrl}${API_PREFIX}/cache/status`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    }),
    "edge GET /cache/status",
  );
  return ((await res.json()) as { isolate: EdgeIsolateState }).isolate;
}

/**
 * Waits (at most 15 s) until the edge's Redis breaker is closed and no invalidation is pending,
 * so a scenario that tripped it does not leak bypasses into the next one.
 */
export async function edgeSettled(stack: EdgeTarget): Promise<EdgeIsolateState> {
  let state = await edgeIsolate(stack);
  for (let i = 0; i < 60 && (state.breaker.state === "open" || state.pending_invalidations.length > 0); i++) {
    await sleep(250);
    state = await edgeIsolate(stack);
  }
  return state;
}

function originHeaders(stack: Stack): Record<string, string> {
  return {
    authorization: `Bearer ${stack.originToken}`,
    "pms-user": "bench",
    "pms-role": "MANAGER",
    "content-type": "application/json",
  };
}

export async function originGet(stack: Stack, path: string): Promise<unknown> {
  const res = await checked(
    await fetch(`${stack.origin.url}${API_PREFIX}${path}`, { headers: originHeaders(stack) }),
    `origin GET ${path}`,
  );
  return res.json();
}

export async function originPost(stack: Stack, path: string, body: unknown): Promise<unknown> {
  const res = await checked(
    await fetch(`${stack.origin.url}${API_PREFIX}${path}`, {
      method: "POST",
      headers: originHeaders(stack),
      body: JSON.stringify(body),
    }),
    `origin POST ${path}`,
  );
  return res.json();
}

/** One raw REST call to the bridge (`/` one command, `/pipeline` several), as Upstash's API takes it. */
export async function bridgeCall(stack: Stack, path: "/" | "/pipeline", body: unknown): Promise<unknown> {
  const res = await checked(
    await fetch(`${stack.bridge.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.bridgeToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    `bridge ${path}`,
  );
  return res.json();
}

/**
 * Empties the cache's database (entries, generations, version floor), as a new deployment
 * starts. Needed after reseeding the origin: its data versions restart lower than the floor.
 */
export async function emptyCache(stack: Stack): Promise<void> {
  await bridgeCall(stack, "/", ["FLUSHDB"]);
}

/** @upstash/redis in Node against the bridge, with the edge's client options. */
export function upstashClient(stack: Stack): Redis {
  return new Redis({ url: stack.bridge.url, token: stack.bridgeToken, ...UPSTASH_CLIENT_OPTIONS });
}
