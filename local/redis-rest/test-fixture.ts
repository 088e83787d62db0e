// Shared fixture for the bridge tests: a private redis-server, a bridge in front of it, an
// unmodified @upstash/redis client with default options, and a raw-HTTP helper.
import { randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis";
import { type RunningRedis, startRedisServer } from "../redis-server.ts";
import { type BridgeOptions, type RunningBridge, startBridge } from "./server.ts";
import type { StatsSnapshot } from "./stats.ts";

export interface BridgeStack {
  redis: RunningRedis;
  bridge: RunningBridge;
  token: string;
  /** Random key prefix so tests never see each other's data. */
  prefix: string;
  client(): Redis;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  stats(): Promise<StatsSnapshot>;
  stop(): Promise<void>;
}

export async function startStack(options: Partial<BridgeOptions> = {}): Promise<BridgeStack> {
  const redis = await startRedisServer();
  const token = randomBytes(12).toString("hex");
  const bridge = await startBridge({ redisUrl: redis.url, token, ...options });
  return {
    redis,
    bridge,
    token,
    prefix: `t:${randomBytes(4).toString("hex")}:`,
    client: () => new Redis({ url: bridge.url, token, enableTelemetry: false }),
    post: (path, body, headers = {}) =>
      fetch(bridge.url + path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    async stats() {
      const res = await fetch(`${bridge.url}/__bridge/stats`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`stats answered ${res.status}`);
      return (await res.json()) as StatsSnapshot;
    },
    async stop() {
      await bridge.close();
      await redis.stop();
    },
  };
}
