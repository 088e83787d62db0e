// Private redis-server + Upstash-REST bridge pairs for tests, each on its own free ports; the
// bridge runs in its own process, like Upstash (local/child-service.ts says why).
import { randomBytes } from "node:crypto";
import { startBridgeProcess } from "../../local/bridge-process.ts";
import type { ChildService } from "../../local/child-service.ts";
import { type RunningRedis, startRedisServer } from "../../local/redis-server.ts";

interface Stack {
  redis: RunningRedis | null;
  redisPort: number;
  bridge: ChildService;
  token: string;
}

export class RedisStacks {
  private readonly stacks = new Map<string, Stack>();

  async create(): Promise<{ id: string; restUrl: string; token: string }> {
    const redis = await startRedisServer();
    const token = randomBytes(16).toString("hex");
    // A short Redis deadline so a stopped or slow Redis surfaces quickly as a 5xx.
    const bridge = await startBridgeProcess(redis.url, token, 1000);
    const id = randomBytes(6).toString("hex");
    this.stacks.set(id, { redis, redisPort: redis.port, bridge, token });
    return { id, restUrl: bridge.url, token };
  }

  async stopRedis(id: string) {
    const stack = this.get(id);
    await stack.redis?.stop();
    stack.redis = null;
  }

  async startRedis(id: string) {
    const stack = this.get(id);
    if (!stack.redis) stack.redis = await startRedisServer({ port: stack.redisPort });
  }

  async stats(id: string): Promise<unknown> {
    const stack = this.get(id);
    const res = await fetch(`${stack.bridge.url}/__bridge/stats`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    return res.json();
  }

  async fault(id: string, body: unknown): Promise<unknown> {
    const stack = this.get(id);
    const res = await fetch(`${stack.bridge.url}/__bridge/fault`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    return res.json();
  }

  async remove(id: string) {
    const stack = this.get(id);
    this.stacks.delete(id);
    await stack.bridge.close();
    await stack.redis?.stop();
  }

  async removeAll() {
    await Promise.allSettled([...this.stacks.keys()].map((id) => this.remove(id)));
  }

  private get(id: string): Stack {
    const stack = this.stacks.get(id);
    if (!stack) throw new Error(`no redis stack ${id}`);
    return stack;
  }
}
