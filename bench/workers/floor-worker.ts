// The floor-plus-runtime Worker: answers every request with exactly one Upstash `GET` through
// the same client and options the edge's store uses (src/cache/upstash-store.ts), nothing else.
// Comparing its latency with a cache HIT isolates what the edge's own code costs.
import { Redis } from "@upstash/redis/cloudflare";
import { UPSTASH_CLIENT_OPTIONS } from "../../src/cache/upstash-store.ts";

interface FloorEnv {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  FLOOR_KEY: string;
}

// One client per isolate, as the edge keeps its store.
let client: Redis | undefined;

function redisOf(env: FloorEnv): Redis {
  client ??= new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    signal: () => AbortSignal.timeout(1000),
    ...UPSTASH_CLIENT_OPTIONS,
  });
  return client;
}

export default {
  async fetch(_request: Request, env: FloorEnv): Promise<Response> {
    const value = await redisOf(env).get<string>(env.FLOOR_KEY);
    return new Response(value ?? "", { headers: { "content-type": "text/plain" } });
  },
};
