// The many-isolate rig: ONE redis-server, ONE reference origin (temporary SQLite, the seeded demo
// fund) and N edges, each its own Miniflare/workerd isolate behind its own Upstash-REST bridge
// (edge-instance.ts). It reproduces what a single-isolate test cannot: isolates that share Redis
// and the origin but nothing in memory, and a fault that hits one isolate's Redis path only.
// Everything listens on 127.0.0.1, free ports; close() tears all of it down, whatever failed.
import { DEV_SECRETS } from "../dev-secrets.ts";
import { startOriginProcess } from "../origin-process.ts";
import { type RunningRedis, startRedisServer } from "../redis-server.ts";
import { bundleWorker, wranglerWorkerSettings } from "../worker-bundle.ts";
import { type EdgeInstance, startEdgeInstance } from "./edge-instance.ts";
import { addCalls, type OriginCalls, readOriginCalls } from "./origin-calls.ts";

export interface RigOptions {
  /** Edge isolates (default 3; the machines have 2 cores, keep it small). */
  instances?: number;
  /** Overrides of wrangler.toml's [vars], given to every edge. */
  vars?: Record<string, string>;
  originLatencyMs?: number;
}

export interface Rig {
  edges: EdgeInstance[];
  /** The vars every edge runs with (wrangler.toml's [vars] and the overrides). */
  vars: Readonly<Record<string, string>>;
  /** Stops redis-server; startRedis() starts an empty one on the same port (the bridges reconnect). */
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Stops the origin; startOrigin() starts it again on the same port and database. */
  stopOrigin(): Promise<void>;
  startOrigin(): Promise<void>;
  setOriginLatency(ms: number): void;
  /** The origin's committed data version (its /health). */
  originVersion(): Promise<number>;
  /** Origin requests since the rig started, per "METHOD /route/template", across origin restarts. */
  originCalls(): Promise<OriginCalls>;
  close(): Promise<void>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    let redis: RunningRedis | null = await startRedisServer();
    const redisPort = redis.port;
    cleanups.push(async () => redis?.stop());

    const originToken = DEV_SECRETS.ORIGIN_TOKEN;
    const origin = await startOriginProcess({ token: originToken, latencyMs: options.originLatencyMs ?? 0 });
    const originUrl = origin.url;
    cleanups.push(() => origin.close());
    // Requests counted by origins already stopped.
    let pastCalls: OriginCalls = {};

    const { vars, compatibilityDate, compatibilityFlags } = wranglerWorkerSettings();
    Object.assign(vars, options.vars ?? {}, { ORIGIN_URL: originUrl });
    const script = await bundleWorker("src/index.ts");

    const edges: EdgeInstance[] = [];
    // One after another: starting several workerd processes at once on 2 cores only slows each.
    for (let i = 0; i < (options.instances ?? 3); i++) {
      const edge = await startEdgeInstance({
        script,
        redisUrl: redis.url,
        bridgeToken: DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN,
        bindings: { ...vars, ...DEV_SECRETS },
        compatibilityDate,
        compatibilityFlags,
      });
      edges.push(edge);
      cleanups.push(() => edge.close());
    }

    return {
      edges,
      vars,
      close,
      async stopRedis() {
        await redis?.stop();
        redis = null;
      },
      async startRedis() {
        if (!redis) redis = await startRedisServer({ port: redisPort });
      },
      async stopOrigin() {
        if (!origin.running()) return;
        pastCalls = addCalls(pastCalls, await readOriginCalls(originUrl, originToken).catch(() => ({})));
        await origin.stop();
      },
      startOrigin: () => origin.start(),
      setOriginLatency: (ms) => origin.setLatency(ms),
      async originVersion() {
        const res = await fetch(`${originUrl}/health`, { signal: AbortSignal.timeout(5000) });
        return ((await res.json()) as { data_version: number }).data_version;
      },
      async originCalls() {
        return origin.running() ? addCalls(pastCalls, await readOriginCalls(originUrl, originToken)) : { ...pastCalls };
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
