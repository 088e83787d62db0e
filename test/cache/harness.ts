// Fixtures for the cache protocol's unit tests: a deployment config, a fake origin that counts
// its calls and bumps its data version on writes, and a Hono app wired like the lead's routes
// (validator → tierCache/writeThrough → forward) over an in-memory store.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import type { Config } from "../../src/env.ts";
import type { CacheEnv } from "../../src/cache/cache-env.ts";
import type { CacheStore } from "../../src/cache/cache-store.ts";
import { newIsolateState, type IsolateState } from "../../src/cache/isolate-state.ts";
import { MemoryStore } from "../../src/cache/memory-store.ts";
import { PMSCache } from "../../src/cache/pms-cache.ts";
import { tierCache } from "../../src/cache/tier-cache.ts";
import { writeThrough } from "../../src/cache/write-through.ts";
import type { WriteKind } from "../../src/cache/write-table.ts";
import { AsOfQuery, AttributionQuery, dateParam } from "../../src/contract/index.ts";
import { AppError } from "../../src/http/app-error.ts";
import type { Identity, OriginClient } from "../../src/origin-client.ts";
import { cacheAdmin } from "../../src/routes/cache-admin.ts";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    fundId: "demo",
    prefix: `t${crypto.randomUUID().slice(0, 8)}:`,
    ttl: { book: 30, risk: 60, morning_pack: 300, attribution: 300 },
    graceSeconds: 43_200,
    redisDeadlineMs: 500,
    originTimeoutMs: 5_000,
    leaseMs: 5_000,
    leaseWaitMs: 2_000,
    refreshOnWrite: true,
    breakerThreshold: 3,
    breakerCooldownMs: 5_000,
    ...overrides,
  };
}

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

/** A store whose every call fails while `down` is set (Redis unreachable). */
export class FlakyStore implements CacheStore {
  down = false;
  calls = 0;
  constructor(readonly inner: CacheStore) {}
  private async run<T>(op: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.down) throw new TypeError("fetch failed");
    return op();
  }
  read: CacheStore["read"] = (k, f, g) => this.run(() => this.inner.read(k, f, g));
  generations: CacheStore["generations"] = (g) => this.run(() => this.inner.generations(g));
  put: CacheStore["put"] = (e, release) => this.run(() => this.inner.put(e, release));
  bump: CacheStore["bump"] = (f, g, v) => this.run(() => this.inner.bump(f, g, v));
  acquireLease: CacheStore["acquireLease"] = (k, t, ms) => this.run(() => this.inner.acquireLease(k, t, ms));
  releaseLease: CacheStore["releaseLease"] = (k, t) => this.run(() => this.inner.releaseLease(k, t));
  ping: CacheStore["ping"] = () => this.run(() => this.inner.ping());
}

export const MANAGER: Identity = { sub: "manager@fund", role: "MANAGER" };

export interface Harness {
  app: Hono<CacheEnv>;
  origin: FakeOrigin;
  memory: MemoryStore;
  store: FlakyStore;
  isolate: IsolateState;
  config: Config;
  /** Test clock offset, ms: advance to age entries without waiting. */
  clock: { offset: number };
  cache(): PMSCache;
  get(path: string, headers?: HeadersInit): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  /** Settles every promise handed to waitUntil so far (and those they start). */
  settle(): Promise<void>;
}

/**
 * `backing`: the store under test (the real Upstash store in integration tests); an in-memory
 * store by default, whose clock follows `clock.offset`.
 */
export function harness(configOverrides: Partial<Config> = {}, backing?: CacheStore): Harness {
  const config = testConfig(configOverrides);
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const memory = new MemoryStore(now);
  const store = new FlakyStore(backing ?? memory);
  const isolate = newIsolateState();
  const origin = new FakeOrigin();
  const background: Promise<unknown>[] = [];
  const cache = () => new PMSCache({ store, config, fund: config.fundId, isolate, now });

  const app = new Hono<CacheEnv>();
  app.onError((error, c) => {
    const status = error instanceof AppError ? error.status : 500;
    return c.json({ title: error.message, status }, status);
  });
  app.use("*", async (c, next) => {
    c.set("config", config);
    c.set("identity", MANAGER);
    c.set("fund", config.fundId);
    c.set("origin", origin);
    c.set("cache", cache());
    await next();
  });
  const forward = async (c: import("hono").Context<CacheEnv>) => {
    const url = new URL(c.req.url);
    const body = c.req.method === "GET" ? null : await c.req.text();
    return c.var.origin.send(c.req.method, url.pathname + url.search, { identity: c.var.identity, body });
  };
  const pms = new Hono<CacheEnv>();
  pms.get("/book", zValidator("query", AsOfQuery), tierCache(), forward);
  pms.get("/book/positions", tierCache(), forward);
  pms.get("/risk/live", zValidator("query", AsOfQuery), tierCache(), forward);
  pms.get("/morning-pack/latest", tierCache(), forward);
  pms.get("/morning-pack/:date", zValidator("param", dateParam), tierCache(), forward);
  pms.get("/attribution", zValidator("query", AttributionQuery), tierCache(), forward);
  const writes: [string, WriteKind][] = [
    ["/mtm", "mtm"],
    ["/book/positions/:id/close", "close"],
    ["/morning-pack/generate", "morning-pack-generate"],
    ["/journal/:id/outcome", "journal-outcome"],
    ["/pipeline/trigger", "pipeline-trigger"],
  ];
  for (const [path, kind] of writes) pms.post(path, writeThrough(kind), forward);
  pms.route("/", cacheAdmin);
  app.route("/api/v1/pms", pms);

  const ctx = {
    waitUntil(p: Promise<unknown>) {
      background.push(p);
    },
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
  const base = "http://edge.test/api/v1/pms";

  return {
    app,
    origin,
    memory,
    store,
    isolate,
    config,
    clock,
    cache,
    get: async (path, headers) => app.request(base + path, { headers }, {}, ctx),
    post: async (path, body = {}) =>
      app.request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }, {}, ctx),
    async settle() {
      while (background.length > 0) await Promise.allSettled(background.splice(0));
    },
  };
}
