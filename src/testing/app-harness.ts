// Test fixtures for unit tests of the edge: the app that ships (createApp), with its services
// replaced through the seam by an in-memory store (that a test can take down), a fake origin
// that counts its calls, and a clock a test can move. Requests are signed like a user's.

import { createApp } from "../app.ts";
import { signUserToken } from "../auth/sign-token.ts";
import type { CacheStore } from "../cache/cache-store.ts";
import { type IsolateState, newIsolateState } from "../cache/isolate-state.ts";
import { MemoryStore } from "../cache/memory-store.ts";
import { PMSCache } from "../cache/pms-cache.ts";
import { TAGS, type Tag } from "../cache/tiers.ts";
import { type Bindings, type Config, parseConfig } from "../config.ts";
import type { Role } from "../contract/roles.ts";
import type { Identity, OriginClient } from "../origin-client.ts";

/** The HS256 secret of the harness's edge, for tests that bring their own token. */
export const JWT_SECRET = "unit-test-secret";

export interface OriginCall {
  method: string;
  path: string;
  identity?: Identity;
}

type Handler = (call: OriginCall, origin: FakeOrigin) => Promise<Response | undefined> | Response | undefined;

/**
 * The origin: GETs answer `{path, version, n}` (n counts origin computations) computed at the
 * current data version; a 2xx write bumps the version. `handler` overrides any call (return
 * undefined to fall back to the default); `delayMs` delays every answer.
 */
export class FakeOrigin implements OriginClient {
  version = 1;
  calls: OriginCall[] = [];
  delayMs = 0;
  handler: Handler | undefined;

  gets(path?: string): OriginCall[] {
    return this.calls.filter((c) => c.method === "GET" && (path === undefined || c.path.startsWith(path)));
  }

  async send(method: string, pathAndQuery: string, init: { identity?: Identity } = {}): Promise<Response> {
    const call: OriginCall = { method, path: pathAndQuery, ...(init.identity ? { identity: init.identity } : {}) };
    this.calls.push(call);
    const versionAtStart = this.version;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const custom = await this.handler?.(call, this);
    if (custom) return custom;
    if (method !== "GET") {
      this.version++;
      return json({ status: "ok" }, this.version);
    }
    return json({ path: pathAndQuery, version: versionAtStart, n: this.calls.length }, versionAtStart);
  }
}

export function json(body: unknown, version: number, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "PMS-Data-Version": String(version) },
  });
}

/** A store whose every call fails while `down` is set (Redis unreachable); counts calls. */
export class FlakyStore implements CacheStore {
  down = false;
  /** Fail this many calls from now on, then answer again (a transient error). */
  failNext = 0;
  /** Delay every call by this much (a slow Redis). */
  delayMs = 0;
  calls = 0;
  constructor(readonly inner: CacheStore) {}
  private async run<T>(op: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) throw new TypeError("fetch failed");
    if (this.failNext > 0) {
      this.failNext--;
      throw new TypeError("fetch failed");
    }
    return op();
  }
  read: CacheStore["read"] = (r) => this.run(() => this.inner.read(r));
  generations: CacheStore["generations"] = (m, t) => this.run(() => this.inner.generations(m, t));
  put: CacheStore["put"] = (m, e, r, b) => this.run(() => this.inner.put(m, e, r, b));
  bump: CacheStore["bump"] = (m, t, v, l) => this.run(() => this.inner.bump(m, t, v, l));
  renewLease: CacheStore["renewLease"] = (k, t, ms) => this.run(() => this.inner.renewLease(k, t, ms));
  releaseLease: CacheStore["releaseLease"] = (k, t) => this.run(() => this.inner.releaseLease(k, t));
  ping: CacheStore["ping"] = () => this.run(() => this.inner.ping());
}

export interface Harness {
  origin: FakeOrigin;
  memory: MemoryStore;
  store: FlakyStore;
  isolate: IsolateState;
  env: Bindings;
  config: Config;
  /** Test clock offset, ms: advance to age entries without waiting. */
  clock: { offset: number };
  get(path: string, headers?: HeadersInit, role?: Role): Promise<Response>;
  head(path: string, headers?: HeadersInit, role?: Role): Promise<Response>;
  post(path: string, body?: unknown, role?: Role): Promise<Response>;
  /** A PMSCache on the app's store, isolate state and clock (to bump or read as a write would). */
  cache(): PMSCache;
  /** Current generations of `tags` in the store. */
  gens(tags?: readonly Tag[]): Promise<Record<string, string>>;
  /** Settles every promise handed to waitUntil so far (and those they start). */
  settle(): Promise<void>;
}

/**
 * The real app over an in-memory store (or `backing`, e.g. the Upstash store in integration
 * tests) and a fake origin. `vars`: wrangler vars as the deployment would set them.
 */
export function harness(vars: Record<string, string> = {}, backing?: CacheStore): Harness {
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const memory = new MemoryStore(now);
  const store = new FlakyStore(backing ?? memory);
  const isolate = newIsolateState();
  const origin = new FakeOrigin();
  const background: Promise<unknown>[] = [];
  const env = {
    UPSTASH_REDIS_REST_URL: "http://redis.test",
    UPSTASH_REDIS_REST_TOKEN: "unused",
    ORIGIN_URL: "http://origin.test",
    ORIGIN_TOKEN: "unused",
    JWT_SECRET,
    FUND_ID: "demo",
    CACHE_PREFIX: `t${crypto.randomUUID().slice(0, 8)}:`,
    // As in the local and test configuration (wrangler.toml): unit tests read the cache's details.
    CACHE_DETAILS_ADMIN_ONLY: "false",
    ...vars,
  } as unknown as Bindings;
  const app = createApp({ services: { store: () => store, origin: () => origin, isolate: () => isolate, now } });
  const ctx = {
    waitUntil(p: Promise<unknown>) {
      background.push(p);
    },
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
  const base = "http://edge.test/api/v1/pms";
  const authorised = async (role: Role, headers?: HeadersInit) => {
    const h = new Headers(headers);
    // A test that brings its own token (token rules, identity providers) keeps it.
    if (!h.has("Authorization") && !h.has("Cf-Access-Jwt-Assertion"))
      h.set(
        "Authorization",
        `Bearer ${await signUserToken(JWT_SECRET, { role, sub: `${role.toLowerCase()}@fund`, fund: env.FUND_ID })}`,
      );
    return h;
  };

  const config = parseConfig(env);
  const cache = () => new PMSCache({ store, config, fund: config.fundId, isolate, now });
  return {
    cache,
    async gens(tags = TAGS) {
      const { gens } = await store.generations(cache().keys.meta(), tags);
      return Object.fromEntries(tags.map((t, i) => [t, gens[i]!]));
    },
    origin,
    memory,
    store,
    isolate,
    env,
    config,
    clock,
    get: async (path, headers, role = "VIEWER") =>
      app.fetch(new Request(base + path, { headers: await authorised(role, headers) }), env, ctx),
    head: async (path, headers, role = "VIEWER") =>
      app.fetch(new Request(base + path, { method: "HEAD", headers: await authorised(role, headers) }), env, ctx),
    post: async (path, body = {}, role = "ADMIN") => {
      const headers = await authorised(role, { "Content-Type": "application/json" });
      return app.fetch(new Request(base + path, { method: "POST", body: JSON.stringify(body), headers }), env, ctx);
    },
    async settle() {
      while (background.length > 0) await Promise.allSettled(background.splice(0));
    },
  };
}
