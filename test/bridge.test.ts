// The Worker reaches the local Upstash-REST bridge over 127.0.0.1 with the Workers build of the
// unmodified @upstash/redis client, as it would reach Upstash in production.
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, it } from "vitest";
import { randomPrefix, testEnv } from "./support/stack.ts";

describe("Upstash client inside workerd", () => {
  it("round-trips a JSON value through the bridge and a real redis-server", async () => {
    const redis = new Redis({ url: testEnv.UPSTASH_REDIS_REST_URL, token: testEnv.UPSTASH_REDIS_REST_TOKEN });
    const key = `${randomPrefix()}roundtrip`;
    const value = { fund: "demo", nav: 100_000_000.5, note: "São Paulo ☀" };
    expect(await redis.set(key, value, { ex: 60 })).toBe("OK");
    expect(await redis.get(key)).toEqual(value);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
    expect(await redis.del(key)).toBe(1);
    expect(await redis.get(key)).toBeNull();
  });

  it("is refused with a wrong token", async () => {
    const redis = new Redis({ url: testEnv.UPSTASH_REDIS_REST_URL, token: "wrong" });
    await expect(redis.get("anything")).rejects.toThrow(/WRONGPASS/);
  });
});
