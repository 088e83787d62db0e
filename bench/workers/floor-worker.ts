// The floor-plus-runtime Worker: answers every request with exactly one Upstash `GET`, nothing
// else. Comparing its latency with a cache HIT isolates what the edge's own code costs.
// FLOOR_CLIENT picks the client's options: `edge` (default) the ones the edge's store uses
// today (src/cache/upstash-store.ts), `defaults` the client's own defaults (base64 answers, the
// sync token), which the edge and this floor used before plain mode (bench/baseline-edge.ts).
import { Redis } from "@upstash/redis/cloudflare";
import { UPSTASH_CLIENT_OPTIONS } from "../../src/cache/upstash-store.ts";

interface FloorEnv {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  FLOOR_KEY: string;
  FLOOR_CLIENT?: "edge" | "defaults";
}

/** The edge's options with the client's defaults for what plain mode changed (base64 answers, the sync token). */
const BEFORE_PLAIN_MODE = { ...UPSTASH_CLIENT_OPTIONS, responseEncoding: "base64", readYourWrites: true } as const;

// One client per isolate, as the edge keeps its store.
let client: Redis | undefined;

function redisOf(env: FloorEnv): Redis {
  client ??= new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    signal: () => AbortSignal.timeout(1000),
    ...(env.FLOOR_CLIENT === "defaults" ? BEFORE_PLAIN_MODE : UPSTASH_CLIENT_OPTIONS),
  });
  return client;
}

export default {
  async fetch(_request: Request, env: FloorEnv): Promise<Response> {
    const value = await redisOf(env).get<string>(env.FLOOR_KEY);
    return new Response(value ?? "", { headers: { "content-type": "text/plain" } });
  },
};
