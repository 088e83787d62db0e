// Starts and stops the benchmark's own stack, all on 127.0.0.1 and free ports: redis-server,
// the Upstash-REST bridge, the reference origin (temporary SQLite file), and one Miniflare
// (workerd) running the edge (src/index.ts, bundled with esbuild), the floor Worker
// (bench/workers/floor-worker.ts) twice (today's client options and the client's defaults), and,
// when asked, the edge at an earlier commit (bench/baseline-edge.ts). Each Worker gets its own direct socket
// (unsafeDirectSockets), so requests reach it without Miniflare's routing entry worker in the
// way — closer to what a deployed Worker pays.
import { Miniflare } from "miniflare";
import { startBridgeProcess } from "../local/bridge-process.ts";
import type { ChildService } from "../local/child-service.ts";
import { DEV_SECRETS } from "../local/dev-secrets.ts";
import { type OriginProcess, startOriginProcess } from "../local/origin-process.ts";
import { type RunningRedis, startRedisServer } from "../local/redis-server.ts";
import { mintToken } from "../local/token.ts";
import { bundleWorker, wranglerWorkerSettings } from "../local/worker-bundle.ts";
import { bundleBaselineEdge } from "./baseline-edge.ts";

export const FLOOR_KEY = "bench:floor";

export interface Stack {
  /** Replaced by startRedis(); read it from the stack. */
  redis: RunningRedis;
  bridge: ChildService;
  /** The origin's process; its URL stays the same across restarts and reseeds. */
  origin: OriginProcess;
  /** The origin's simulated latency; kept across reseeds. */
  setOriginLatency(ms: number): void;
  /**
   * Restarts the origin on the same port from a freshly seeded database, so a scenario that
   * grows the book (opens, closes, approvals: `closed_today` lists every close of the day)
   * does not slow the next one. The caller bumps the edge's generations afterwards.
   */
  reseedOrigin(): Promise<void>;
  /** Stops the origin (stopOrigin) and starts it again on the same port and database, not reseeded. */
  stopOrigin(): Promise<void>;
  startOrigin(): Promise<void>;
  /** Stops redis-server and starts an empty one on the same port (the bridge reconnects). */
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** The bridge's fault injection (POST /__bridge/fault): `{}` is healthy, `{ delayMs }` slows every REST answer. */
  setBridgeFault(fault: { delayMs?: number; mode?: string }): Promise<void>;
  /** The floor Worker: one Upstash GET per request, with the edge's client options. */
  floorUrl: string;
  /** The same floor Worker with the client's defaults (base64 answers), as before plain mode. */
  floorDefaultsUrl: string;
  /** The edge at an earlier commit (bench/baseline-edge.ts), its own cache prefix, same Redis and origin. */
  baseline?: { commit: string; edgeUrl: string };
  /** Why the baseline edge was asked for but is not running (e.g. a shallow clone lacks the commit). */
  baselineMissing?: string;
  /** The edge Worker's base URL (no trailing slash). */
  edgeUrl: string;
  /** Bearer JWT of a MANAGER of the demo fund (reads and the writes benchmarked). */
  userToken: string;
  /** Bearer JWT of an ADMIN (GET /cache/status: the isolate's counters and breaker). */
  adminToken: string;
  /** Bearer token of the bridge and of the origin (service token). */
  bridgeToken: string;
  originToken: string;
  /** The edge's vars as the Worker sees them (prefix, fund …). */
  vars: Record<string, string>;
  close(): Promise<void>;
}

/** The baseline edge keeps its entries apart: its envelope layout may differ from today's. */
export const BASELINE_PREFIX = "pms-baseline:";

export async function startStack(options: { originLatencyMs?: number; baselineRef?: string } = {}): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    let redis: RunningRedis | null = await startRedisServer();
    const redisPort = redis.port;
    cleanups.push(async () => redis?.stop());
    const bridgeToken = DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN;
    // The bridge and the origin run in processes of their own, as Upstash and the origin do in a
    // deployment: on one event loop the origin's synchronous work would delay Redis answers.
    const bridge = await startBridgeProcess(redis.url, bridgeToken);
    cleanups.push(() => bridge.close());
    const originToken = DEV_SECRETS.ORIGIN_TOKEN;
    const origin = await startOriginProcess({ token: originToken, latencyMs: options.originLatencyMs ?? 0 });
    cleanups.push(() => origin.close());

    const { vars, compatibilityDate, compatibilityFlags } = wranglerWorkerSettings();
    vars.UPSTASH_REDIS_REST_URL = bridge.url;
    vars.ORIGIN_URL = origin.url;
    const [edgeScript, floorScript, baseline] = await Promise.all([
      bundleWorker("src/index.ts"),
      bundleWorker("bench/workers/floor-worker.ts"),
      options.baselineRef
        ? bundleBaselineEdge(options.baselineRef).catch((error: unknown) => String(error))
        : undefined,
    ]);
    const worker = (name: string, contents: string, bindings: Record<string, string>) => ({
      name,
      modules: [{ type: "ESModule" as const, path: `${name}.mjs`, contents }],
      compatibilityDate,
      compatibilityFlags,
      bindings,
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    });
    const floorBindings = { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridgeToken, FLOOR_KEY };
    const workers = [
      worker("edge", edgeScript, { ...vars, ...DEV_SECRETS }),
      worker("floor", floorScript, { ...floorBindings, FLOOR_CLIENT: "edge" }),
      worker("floor-defaults", floorScript, { ...floorBindings, FLOOR_CLIENT: "defaults" }),
    ];
    if (typeof baseline === "object") {
      const urls = { UPSTASH_REDIS_REST_URL: bridge.url, ORIGIN_URL: origin.url, CACHE_PREFIX: BASELINE_PREFIX };
      workers.push(worker("baseline", baseline.script, { ...baseline.vars, ...urls, ...DEV_SECRETS }));
    }
    const mf = new Miniflare({ workers });
    cleanups.push(() => mf.dispose());
    await mf.ready;
    const directUrl = async (name: string) => String(await mf.unsafeGetDirectURL(name)).replace(/\/$/, "");
    const edgeUrl = await directUrl("edge");
    const floorUrl = `${await directUrl("floor")}/`;
    const floorDefaultsUrl = `${await directUrl("floor-defaults")}/`;
    const baselineEdge =
      typeof baseline === "object" ? { commit: baseline.commit, edgeUrl: await directUrl("baseline") } : undefined;
    const userToken = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "MANAGER", sub: "bench" });
    const adminToken = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "ADMIN", sub: "bench-admin" });
    const stack: Stack = {
      redis,
      bridge,
      origin,
      floorUrl,
      floorDefaultsUrl,
      baseline: baselineEdge,
      ...(typeof baseline === "string" ? { baselineMissing: baseline } : {}),
      edgeUrl,
      userToken,
      adminToken,
      bridgeToken,
      originToken,
      vars,
      close,
      setOriginLatency: (ms) => origin.setLatency(ms),
      reseedOrigin: () => origin.reseed(),
      stopOrigin: () => origin.stop(),
      startOrigin: () => origin.start(),
      async stopRedis() {
        await redis?.stop();
        redis = null;
      },
      async startRedis() {
        if (redis) return;
        redis = await startRedisServer({ port: redisPort });
        stack.redis = redis;
      },
      async setBridgeFault(fault) {
        const res = await fetch(`${bridge.url}/__bridge/fault`, {
          method: "POST",
          headers: { authorization: `Bearer ${bridgeToken}`, "content-type": "application/json" },
          body: JSON.stringify(fault),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`bridge fault ${JSON.stringify(fault)}: HTTP ${res.status} ${text.slice(0, 200)}`);
      },
    };
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}
