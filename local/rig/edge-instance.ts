// One edge isolate of the many-isolate rig: its own Upstash-REST bridge in front of the shared
// redis-server (so a fault can be injected into this isolate's Redis path alone) and its own
// Miniflare, i.e. its own workerd process and isolate: nothing in memory (breaker, per-isolate
// caches, version floors) is shared with the other edges, as between Cloudflare isolates.
import { Miniflare } from "miniflare";
import { startBridgeProcess } from "../bridge-process.ts";
import type { FaultState } from "../redis-rest/fault.ts";
import type { StatsSnapshot } from "../redis-rest/stats.ts";

export interface EdgeInstance {
  /** Base URL of the edge Worker (no trailing slash). */
  url: string;
  /** This edge's bridge fault: `{}` healthy, `{ delayMs }` slow, `{ mode: "error" }` 503 on every request. */
  setFault(fault: Partial<FaultState>): Promise<void>;
  /** Upstash REST requests this edge made (its bridge's counters). */
  stats(): Promise<StatsSnapshot>;
  close(): Promise<void>;
}

export interface EdgeInstanceOptions {
  script: string;
  redisUrl: string;
  bridgeToken: string;
  /** Worker bindings except UPSTASH_REDIS_REST_URL, which is this edge's bridge. */
  bindings: Record<string, string>;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export async function startEdgeInstance(opts: EdgeInstanceOptions): Promise<EdgeInstance> {
  // The bridge runs in a process of its own, like Upstash (local/child-service.ts says why).
  const bridge = await startBridgeProcess(opts.redisUrl, opts.bridgeToken);
  let mf: Miniflare | undefined;
  try {
    mf = new Miniflare({
      name: "edge",
      modules: [{ type: "ESModule", path: "edge.mjs", contents: opts.script }],
      compatibilityDate: opts.compatibilityDate,
      compatibilityFlags: opts.compatibilityFlags,
      bindings: { ...opts.bindings, UPSTASH_REDIS_REST_URL: bridge.url },
      // A direct socket: requests reach the Worker without Miniflare's routing entry worker.
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    });
    await mf.ready;
    const url = String(await mf.unsafeGetDirectURL("edge")).replace(/\/$/, "");
    const control = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${bridge.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${opts.bridgeToken}`, "content-type": "application/json" },
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`bridge ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
      return text;
    };
    const running = mf;
    return {
      url,
      async setFault(fault) {
        await control("/__bridge/fault", { method: "POST", body: JSON.stringify(fault) });
      },
      async stats() {
        return JSON.parse(await control("/__bridge/stats")) as StatsSnapshot;
      },
      async close() {
        await running.dispose().catch(() => undefined);
        await bridge.close();
      },
    };
  } catch (error) {
    await mf?.dispose().catch(() => undefined);
    await bridge.close();
    throw error;
  }
}
