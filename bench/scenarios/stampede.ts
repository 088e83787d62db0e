// Stampedes over the many-isolate rig (local/rig/rig.ts: three edges, each its own workerd and
// bridge, one Redis, one origin), with the product's default vars: 100 cold reads of one key
// (GET /book after its generation moved), spread round-robin over the edges and all sent at
// once, while (a) the origin answers 2.5 s late, (b) every bridge answers 300 ms late (past the
// 150 ms REDIS_DEADLINE_MS), (c) redis-server is stopped. docs/cache-protocol.md §Fills and
// leases promises one origin call per key per burst when Redis answers, and at most one call in
// flight and one queued per key and isolate when it does not: ≤ 2 origin calls per isolate.

import type { Rig } from "../../local/rig/rig.ts";
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import { type EdgeTarget, edgeSettled } from "../clients.ts";
import { type Percentiles, percentiles } from "../measure.ts";
import { kindOf } from "./load.ts";

export const STAMPEDE_PROMISE_PER_ISOLATE = 2;
const BOOK_ROUTE = "GET /api/v1/pms/book";
// Past the origin timeout (10 s) plus the lease wait (2 s, src/env.ts): an answer this late is a failure.
const READ_TIMEOUT_MS = 30_000;

export type StampedeId = "origin-slow" | "redis-slow" | "redis-down";

export interface StampedeRow {
  id: StampedeId;
  label: string;
  requests: number;
  /** GET /book requests the origin answered during the row (its /metrics, before/after). */
  originCalls: number;
  /**
   * Origin calls per edge, from the answers: each origin call has exactly one leader, the answer
   * labelled fwd=miss or fwd=bypass without `collapsed` (the followers of a single-flight group
   * carry `collapsed`). The origin cannot tell the edges apart; attributedMatches says whether
   * the leaders add up to its own count.
   */
  originCallsByEdge: number[];
  attributedMatches: boolean;
  /** Answers by Cache-Status kind (ttl stripped), and non-2xx answers by status ("HTTP 502", "timeout"). */
  statuses: Record<string, number>;
  ms: Percentiles;
  /** ≤ 2 origin calls per isolate, and no more in total than 2 × the edges. */
  meetsPromise: boolean;
}

export interface StampedeContext {
  rig: Rig;
  edges: EdgeTarget[];
}

interface Answer {
  edge: number;
  status: string;
  ms: number;
}

async function coldRead(target: EdgeTarget, edge: number): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${target.edgeUrl}${API_PREFIX}/book`, {
      headers: { authorization: `Bearer ${target.userToken}` },
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    const status = res.ok ? kindOf(res.headers.get("cache-status") ?? "") : `HTTP ${res.status}`;
    return { edge, status, ms: performance.now() - t0 };
  } catch {
    return { edge, status: "timeout or connection error", ms: performance.now() - t0 };
  }
}

const isLeader = (status: string) => /fwd=(miss|bypass)/.test(status) && !status.includes("collapsed");

/** The key is made cold by an ADMIN invalidation of the portfolio tag (one generation bump, as a write does). */
async function invalidateBook(target: EdgeTarget): Promise<void> {
  const res = await fetch(`${target.edgeUrl}${API_PREFIX}/cache/invalidate`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ tags: ["portfolio"] }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`invalidate portfolio: HTTP ${res.status} ${text.slice(0, 200)}`);
}

/**
 * Opens the client's connections first (an unauthenticated read: 401 before any cache or origin
 * work), so that the burst's requests reach the edges together, as concurrent reads do, instead
 * of spread over 100 TCP handshakes of the benchmark's own client.
 */
async function openConnections(ctx: StampedeContext, size: number): Promise<void> {
  await Promise.all(
    Array.from({ length: size }, (_, i) =>
      fetch(`${ctx.edges[i % ctx.edges.length]!.edgeUrl}${API_PREFIX}/book`).then((res) => res.arrayBuffer()),
    ),
  );
}

async function burst(ctx: StampedeContext, id: StampedeId, label: string, size: number): Promise<StampedeRow> {
  await openConnections(ctx, size);
  const before = (await ctx.rig.originCalls())[BOOK_ROUTE] ?? 0;
  const answers = await Promise.all(
    Array.from({ length: size }, (_, i) => coldRead(ctx.edges[i % ctx.edges.length]!, i % ctx.edges.length)),
  );
  const originCalls = ((await ctx.rig.originCalls())[BOOK_ROUTE] ?? 0) - before;
  const statuses: Record<string, number> = {};
  const originCallsByEdge = ctx.edges.map(() => 0);
  for (const a of answers) {
    statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    if (isLeader(a.status)) originCallsByEdge[a.edge]!++;
  }
  const attributed = originCallsByEdge.reduce((s, n) => s + n, 0);
  return {
    id,
    label,
    requests: size,
    originCalls,
    originCallsByEdge,
    attributedMatches: attributed === originCalls,
    statuses,
    ms: percentiles(answers.map((a) => a.ms)),
    meetsPromise:
      originCalls <= STAMPEDE_PROMISE_PER_ISOLATE * ctx.edges.length &&
      originCallsByEdge.every((n) => n <= STAMPEDE_PROMISE_PER_ISOLATE),
  };
}

/** Every edge's Redis breaker closed and nothing pending, so one row's fault does not leak into the next. */
async function settleAll(ctx: StampedeContext): Promise<void> {
  await Promise.all(ctx.edges.map((e) => edgeSettled(e)));
}

const setAllBridges = (ctx: StampedeContext, fault: { delayMs?: number }) =>
  Promise.all(ctx.rig.edges.map((e) => e.setFault(fault)));

export async function runStampedes(
  ctx: StampedeContext,
  size: number,
  log: (m: string) => void,
): Promise<StampedeRow[]> {
  const rows: StampedeRow[] = [];
  const edge0 = ctx.edges[0]!;

  log(`stampede: ${size} cold reads over ${ctx.edges.length} edges, origin +2500 ms`);
  await settleAll(ctx);
  await invalidateBook(edge0);
  ctx.rig.setOriginLatency(2_500);
  try {
    rows.push(await burst(ctx, "origin-slow", "origin +2.5 s", size));
  } finally {
    ctx.rig.setOriginLatency(0);
  }

  log(`stampede: every bridge answering after 300 ms (REDIS_DEADLINE_MS ${ctx.rig.vars.REDIS_DEADLINE_MS})`);
  await settleAll(ctx);
  await invalidateBook(edge0);
  await setAllBridges(ctx, { delayMs: 300 });
  try {
    rows.push(await burst(ctx, "redis-slow", "Redis answering after 300 ms", size));
  } finally {
    await setAllBridges(ctx, {});
  }

  log("stampede: redis-server stopped");
  await settleAll(ctx);
  await ctx.rig.stopRedis();
  try {
    rows.push(await burst(ctx, "redis-down", "Redis down", size));
  } finally {
    await ctx.rig.startRedis();
  }
  await settleAll(ctx);
  return rows;
}
