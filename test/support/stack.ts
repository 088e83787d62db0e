// What a Worker test needs to drive the real system: the Worker's bindings, the harness's
// control plane (its own Redis stacks and origins, faults), and an edge to call with an
// isolated configuration (own cache prefix, own TTLs, own Redis or origin).

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { mintToken } from "../../local/token.ts";
import { createApp } from "../../src/app.ts";
import type { Role } from "../../src/contract/roles.ts";
import type { Bindings } from "../../src/env.ts";
import { TEST_JWT_SECRET } from "./test-secret.ts";

export type TestEnv = Bindings & {
  TEST_CONTROL_URL: string;
  TEST_REDIS_STACK_ID: string;
  TEST_ORIGIN_STACK_ID: string;
};

export const testEnv = env as unknown as TestEnv;

export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(testEnv.TEST_CONTROL_URL + path, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${method} ${path}: ${json.error}`);
  return json;
}

export interface RedisStack {
  id: string;
  restUrl: string;
  token: string;
}
export interface OriginStack {
  id: string;
  url: string;
  token: string;
}
/** A fault proxy (test/setup/fault-proxy.ts) in front of an origin. */
export interface ProxyStack {
  id: string;
  url: string;
}

export const newRedisStack = () => control<RedisStack>("POST", "/redis");
export const newOrigin = (latencyMs = 0) => control<OriginStack>("POST", "/origins", { latencyMs });

export function token(role: Role, extra: { sub?: string; fund?: string; ttlSeconds?: number } = {}) {
  return mintToken(TEST_JWT_SECRET, { role, ...extra });
}

/** A random cache prefix so no two tests share cache entries. */
export function randomPrefix(): string {
  return `t${crypto.randomUUID().slice(0, 8)}:`;
}

export type EdgeInit = RequestInit & { role?: Role };

export interface Edge {
  env: TestEnv;
  fetch(path: string, init?: EdgeInit): Promise<Response>;
  /** The same edge (same cache prefix, Redis and origin) with some bindings changed. */
  fetchWith(overrides: Partial<TestEnv>, path: string, init?: EdgeInit): Promise<Response>;
}

/**
 * An edge whose bindings are the test bindings with `overrides` on top. `role` signs a token
 * for that role; without it (and without an Authorization header) the request is anonymous.
 * Background work (waitUntil) is awaited before the response is returned, so tests see its
 * effects deterministically.
 */
export function edge(overrides: Partial<TestEnv> = {}): Edge {
  const app = createApp();
  const bindings = { ...testEnv, CACHE_PREFIX: randomPrefix(), ...overrides } as TestEnv;
  async function call(env: TestEnv, path: string, init: EdgeInit = {}) {
    const { role, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (role && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${await token(role)}`);
    if (rest.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`http://edge.test${path}`, { ...rest, headers }), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }
  return {
    env: bindings,
    fetch: (path, init) => call(bindings, path, init),
    fetchWith: (more, path, init) => call({ ...bindings, ...more } as TestEnv, path, init),
  };
}

export interface IsolatedSystem extends Edge {
  redis: RedisStack;
  origin: OriginStack;
  /** Present when created with `originProxy: true`: the edge reaches the origin through it. */
  proxy?: ProxyStack;
  dispose(): Promise<void>;
}

/**
 * An edge with its own redis-server + bridge and its own origin (a copy of the seeded fund), so
 * a test can count Upstash requests and origin calls, stop either, or slow the origin, without
 * seeing any other test's traffic.
 */
export async function isolatedSystem(
  overrides: Partial<TestEnv> = {},
  options: { originLatencyMs?: number; originProxy?: boolean } = {},
): Promise<IsolatedSystem> {
  const [redis, origin] = await Promise.all([newRedisStack(), newOrigin(options.originLatencyMs ?? 0)]);
  const proxy = options.originProxy ? await control<ProxyStack>("POST", "/proxies", { target: origin.url }) : undefined;
  const e = edge({
    UPSTASH_REDIS_REST_URL: redis.restUrl,
    UPSTASH_REDIS_REST_TOKEN: redis.token,
    ORIGIN_URL: proxy?.url ?? origin.url,
    ORIGIN_TOKEN: origin.token,
    ...overrides,
  });
  return {
    ...e,
    redis,
    origin,
    ...(proxy ? { proxy } : {}),
    async dispose() {
      await Promise.allSettled([
        control("DELETE", `/redis/${redis.id}`),
        control("DELETE", `/origins/${origin.id}`),
        ...(proxy ? [control("DELETE", `/proxies/${proxy.id}`)] : []),
      ]);
    },
  };
}

export { sleep } from "../../src/lib/sleep.ts";
