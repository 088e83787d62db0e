// Redis going away, stalling or coming back: the bridge must answer every request with a 5xx
// instead of hanging (the client has no default timeout), and recover without a restart.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/lib/sleep.ts";
import { freePort } from "../free-port.ts";
import { type RunningRedis, startRedisServer } from "../redis-server.ts";
import { type RunningBridge, startBridge } from "./server.ts";

const TOKEN = "resilience-token";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

async function redisOn(port?: number): Promise<RunningRedis> {
  const redis = await startRedisServer({ port });
  cleanups.push(() => redis.stop());
  return redis;
}

async function bridgeTo(redisUrl: string, commandTimeoutMs = 1000): Promise<{ bridge: RunningBridge; client: Redis }> {
  const bridge = await startBridge({ redisUrl, token: TOKEN, commandTimeoutMs });
  cleanups.push(() => bridge.close());
  return { bridge, client: new Redis({ url: bridge.url, token: TOKEN, enableTelemetry: false }) };
}

/** Retries a command until Redis is reachable again (the bridge reconnects in the background). */
async function eventually<T>(fn: () => Promise<T>, attempts = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(50);
    }
  }
}

describe("redis-server stopped and restarted", () => {
  it("fails fast while Redis is down and recovers on a new redis-server on the same port", async () => {
    const first = await redisOn();
    const { client } = await bridgeTo(first.url);
    await client.set("k", "before");
    await first.stop();

    await expect(client.get("k")).rejects.toThrow(/redis unavailable/);
    await expect(client.multi().get("k").exec()).rejects.toThrow(/redis unavailable/);
    await expect(client.scan(0)).rejects.toThrow(/redis unavailable/);

    await redisOn(first.port); // empty: the old server had no persistence
    expect(await eventually(() => client.get("k"))).toBeNull();
    await client.set("k", "after");
    expect(await client.get("k")).toBe("after");
  });

  it("starts before Redis exists and serves once it appears", async () => {
    const port = await freePort();
    const { client } = await bridgeTo(`redis://127.0.0.1:${port}`, 300);
    await expect(client.ping()).rejects.toThrow(/redis unavailable/);
    await redisOn(port);
    expect(await eventually(() => client.ping())).toBe("PONG");
  });
});

describe("redis-server stalled", () => {
  it("answers 504 when Redis does not reply within the command timeout, then recovers", async () => {
    const redis = await redisOn();
    const { bridge, client } = await bridgeTo(redis.url, 300);
    await client.set("k", "v");
    redis.process.kill("SIGSTOP");
    cleanups.push(async () => redis.process.kill("SIGCONT"));

    await expect(client.get("k")).rejects.toThrow(/did not answer within 300 ms/);
    const raw = await fetch(bridge.url + "/multi-exec", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '[["GET","k"]]',
    });
    expect(raw.status).toBe(504);

    redis.process.kill("SIGCONT");
    expect(await eventually(() => client.get("k"))).toBe("v");
  });
});

describe("CLI", () => {
  it("starts from flags, serves, and exits cleanly on SIGTERM", async () => {
    const redis = await redisOn();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "local/redis-rest/main.ts",
        "--port",
        String(port),
        "--redis-url",
        redis.url,
        "--token",
        TOKEN,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    const [line] = (await once(child.stdout!, "data")) as [Buffer];
    expect(String(line)).toContain(`http://127.0.0.1:${port}`);

    const client = new Redis({ url: `http://127.0.0.1:${port}`, token: TOKEN, enableTelemetry: false });
    await client.set("cli", { ok: true });
    expect(await client.get("cli")).toEqual({ ok: true });

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
