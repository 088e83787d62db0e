// Test harness: starts the origin on a free port against its own temporary database. The demo
// fund is seeded once per test process into a template file; every origin gets a fresh copy of
// it (a file copy takes milliseconds, seeding a couple of hundred), so tests never share state.

import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { API_PREFIX, type Role } from "../../src/contract/index.ts";
import { DEFAULT_CONFIG, type OriginConfig } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { type StoreHooks, VersionedStore } from "../db/versioned-store.ts";
import { type FundKind, seedFund } from "../seed/seed-fund.ts";
import { type RunningOrigin, startOrigin } from "../server.ts";

/** A fixed instant: Wednesday 2026-11-25, 12:00 in São Paulo. */
export const TEST_NOW = new Date("2026-11-25T15:00:00Z");
export const TEST_TODAY = "2026-11-25";
export const TEST_TOKEN = "test-origin-token";

const templates = new Map<string, string>();

function template(fund: FundKind, now: Date): string {
  const key = `${fund}:${now.toISOString()}`;
  const existing = templates.get(key);
  if (existing) return existing;
  const path = join(mkdtempSync(join(tmpdir(), "pms-origin-template-")), "template.sqlite");
  const db = openDatabase(path);
  seedFund(new VersionedStore(db), { now, fund, config: DEFAULT_CONFIG });
  db.pragma("wal_checkpoint(TRUNCATE)"); // everything into the main file, so a copy is complete
  db.close();
  templates.set(key, path);
  return path;
}

export interface CallOptions {
  role?: Role | null;
  user?: string;
  body?: unknown;
  /** Sent as is (malformed JSON, oversized bodies). */
  rawBody?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  version: number;
}

export interface TestOrigin extends RunningOrigin {
  dbPath: string;
  hooks: StoreHooks;
  call<T = any>(method: string, path: string, opts?: CallOptions): Promise<CallResult<T>>;
  /** GET as a VIEWER. */
  get<T = any>(path: string, opts?: CallOptions): Promise<CallResult<T>>;
  /** POST as a MANAGER (unless opts.role says otherwise). */
  post<T = any>(path: string, body?: unknown, opts?: CallOptions): Promise<CallResult<T>>;
  /** Asserts a refused request: its status, and that neither it nor the database moved the data version. */
  expectUnchanged(res: CallResult, status: number, version: number): Promise<void>;
}

export async function startTestOrigin(
  opts: { fund?: FundKind; now?: Date; config?: OriginConfig; latencyMs?: number } = {},
): Promise<TestOrigin> {
  const now = opts.now ?? TEST_NOW;
  const dir = mkdtempSync(join(tmpdir(), "pms-origin-test-"));
  const dbPath = join(dir, "pms.sqlite");
  copyFileSync(template(opts.fund ?? "demo", now), dbPath);
  const hooks: StoreHooks = {};
  const running = await startOrigin({
    dbPath,
    token: TEST_TOKEN,
    now: () => now,
    hooks: { beforeCommit: (label) => hooks.beforeCommit?.(label) },
    config: opts.config ?? DEFAULT_CONFIG,
    latencyMs: opts.latencyMs,
  });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token !== null) headers["authorization"] = `Bearer ${o.token ?? TEST_TOKEN}`;
    if (o.role !== null) headers["pms-role"] = o.role ?? "VIEWER";
    headers["pms-user"] = o.user ?? "tester@fund";
    let body: string | undefined = o.rawBody;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(
      running.url +
        (path.startsWith("/api") || path.startsWith("/health") || path.startsWith("/metrics")
          ? path
          : API_PREFIX + path),
      {
        method,
        headers,
        body,
        redirect: "manual",
      },
    );
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text !== "") parsed = JSON.parse(text);
    return {
      status: res.status,
      headers: res.headers,
      body: parsed,
      version: Number(res.headers.get("pms-data-version")),
    };
  };
  return {
    ...running,
    dbPath,
    hooks,
    call,
    get: (path, o) => call("GET", path, { role: "VIEWER", ...o }),
    post: (path, body, o) => call("POST", path, { role: "MANAGER", body, ...o }),
    expectUnchanged: async (res, status, version) => {
      expect(res.status).toBe(status);
      expect(res.version).toBe(version);
      expect((await call("GET", "/book", { role: "VIEWER" })).version).toBe(version);
    },
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
