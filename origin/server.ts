// The reference origin: createOriginApp builds the Hono app over one SQLite database;
// startOrigin opens (and seeds) the database and serves the app on @hono/node-server.

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { API_PREFIX } from "../src/contract/index.ts";
import { sleep } from "../src/lib/sleep.ts";
import type { OriginDeps, OriginEnv } from "./app-env.ts";
import { enforceRole, serviceAuth } from "./auth.ts";
import { configFromEnv, type OriginConfig } from "./config.ts";
import { isSeeded, openDatabase, removeDatabaseFiles } from "./db/open.ts";
import { reposOf } from "./db/repos.ts";
import { type StoreHooks, VersionedStore } from "./db/versioned-store.ts";
import { limitBody } from "./http/body-limit.ts";
import { OriginError, onOriginError, problemResponse } from "./http/errors.ts";
import { OriginMetrics } from "./metrics.ts";
import { attributionRoutes } from "./routes/attribution.ts";
import { journalRoutes } from "./routes/journal.ts";
import { morningPackRoutes } from "./routes/morning-pack.ts";
import { pipelineRoutes } from "./routes/pipeline.ts";
import { portfolioRoutes } from "./routes/portfolio.ts";
import { riskRoutes } from "./routes/risk.ts";
import { tradesRoutes } from "./routes/trades.ts";
import { type FundKind, seedFund } from "./seed/seed-fund.ts";

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface OriginAppOptions {
  store: VersionedStore;
  token: string;
  config: OriginConfig;
  now?: () => Date;
  /** Mutable: setLatency changes it while the server runs. */
  latency?: { ms: number };
  metrics?: OriginMetrics;
}

export function createOriginApp(opts: OriginAppOptions): Hono<OriginEnv> {
  const deps: OriginDeps = {
    store: opts.store,
    repos: reposOf(opts.store.db),
    config: opts.config,
    token: opts.token,
    now: opts.now ?? (() => new Date()),
  };
  const latency = opts.latency ?? { ms: 0 };
  const metrics = opts.metrics ?? new OriginMetrics();
  const app = new Hono<OriginEnv>();
  app.onError(onOriginError);
  app.notFound((c) => problemResponse(c, new OriginError("not-found", `no route for ${c.req.method} ${c.req.path}`)));

  // Simulation only (--latency-ms): a fixed delay added to every response after it was
  // computed, so benchmarks can model an origin that is far away or slow. The delay in force when
  // the request arrived applies (tests change it mid-flight to drive interleavings). Off by default.
  // Only the PMS routes: /metrics and /health are how tests and the bench watch the origin while
  // a delayed answer is on its way.
  app.use("*", async (c, next) => {
    const delayMs = c.req.path === "/metrics" || c.req.path === "/health" ? 0 : latency.ms;
    await next();
    if (delayMs > 0) await sleep(delayMs);
  });
  app.use("*", metrics.middleware());
  app.use(
    "*",
    createMiddleware<OriginEnv>(async function dataVersion(c, next) {
      c.set("deps", deps);
      await next();
      // Errors and routes that touched no data report the current committed version.
      c.header("PMS-Data-Version", String(c.var.dataVersion ?? deps.store.currentVersion()));
    }),
  );

  app.get("/health", (c) => c.json({ status: "ok", data_version: deps.store.currentVersion() }));
  app.get("/metrics", serviceAuth, (c) =>
    c.text(metrics.render(deps.store.currentVersion()), 200, { "Content-Type": "text/plain; version=0.0.4" }),
  );

  const api = new Hono<OriginEnv>();
  api.use("*", serviceAuth);
  api.use("*", limitBody(MAX_BODY_BYTES));
  api.use("*", enforceRole);
  api.route("/", portfolioRoutes());
  api.route("/trades", tradesRoutes());
  api.route("/", journalRoutes());
  api.route("/morning-pack", morningPackRoutes());
  api.route("/risk", riskRoutes());
  api.route("/attribution", attributionRoutes());
  api.route("/pipeline", pipelineRoutes());
  app.route(API_PREFIX, api);
  return app;
}

export interface StartOriginOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  dbPath: string;
  token: string;
  latencyMs?: number;
  reseed?: boolean;
  fund?: FundKind;
  capitalBrl?: number;
  now?: () => Date;
  /** Fault injection for tests (see StoreHooks). */
  hooks?: StoreHooks;
  /** Defaults to the process environment (PMS_CAPITAL_BRL, PMS_LIMIT_*). */
  config?: OriginConfig;
}

export interface RunningOrigin {
  url: string;
  port: number;
  close(): Promise<void>;
  setLatency(ms: number): void;
}

export async function startOrigin(opts: StartOriginOptions): Promise<RunningOrigin> {
  if (opts.reseed) removeDatabaseFiles(opts.dbPath);
  const db = openDatabase(opts.dbPath);
  const config = opts.config ?? configFromEnv(process.env, opts.capitalBrl);
  const now = opts.now ?? (() => new Date());
  const store = new VersionedStore(db, opts.hooks);
  if (!isSeeded(db)) seedFund(store, { now: now(), fund: opts.fund ?? "demo", config });
  const latency = { ms: opts.latencyMs ?? 0 };
  const app = createOriginApp({ store, token: opts.token, config, now, latency });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setLatency: (ms) => {
      latency.ms = Math.max(0, ms);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          db.close();
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}
