// npx tsx bench/encoding.ts [--samples 2000]: what the Upstash response encoding costs a cache
// HIT, in one run. Two @upstash/redis clients with the edge's options, one in base64 (the
// client's default) and one in plain mode (the edge's), read the same book-sized envelope
// through the bridge, interleaved sample by sample so load on the machine hits both alike. The
// difference is the client's base64 decoding plus the larger answer. Prints a markdown row.
import { parseArgs } from "node:util";
import { Redis } from "@upstash/redis";
import { startBridge } from "../local/redis-rest/server.ts";
import { startRedisServer } from "../local/redis-server.ts";
import { UPSTASH_CLIENT_OPTIONS } from "../src/cache/upstash-store.ts";

const { values } = parseArgs({ options: { samples: { type: "string", default: "2000" } } });
const samples = Number(values.samples);

const redis = await startRedisServer();
const token = "encoding-bench";
const bridge = await startBridge({ redisUrl: redis.url, token });
try {
  // An envelope the size of the demo fund's book (about 13 KB of JSON, non-ASCII included).
  const position = { instrument: "NTN_B_2030", thesis: "Juros reais acima de 6% são compra", pnl: 1817794.79 };
  const body = JSON.stringify({ positions: Array.from({ length: 90 }, (_, id) => ({ id, ...position })) });
  const envelope = JSON.stringify({ body, version: 42, etag: '"e"' });
  const options = { url: bridge.url, token, ...UPSTASH_CLIENT_OPTIONS };
  const clients = {
    base64: new Redis({ ...options, responseEncoding: "base64" }),
    plain: new Redis(options),
  };
  await clients.plain.set("bench:envelope", envelope);
  const times: Record<keyof typeof clients, number[]> = { base64: [], plain: [] };
  for (let i = 0; i < samples + 50; i++) {
    for (const mode of i % 2 ? (["plain", "base64"] as const) : (["base64", "plain"] as const)) {
      const started = performance.now();
      const value = await clients[mode].get<string>("bench:envelope");
      const elapsed = performance.now() - started;
      if (value !== envelope) throw new Error(`${mode}: the value did not round-trip`);
      if (i >= 50) times[mode].push(elapsed); // the first 50 warm up the connections and the JIT
    }
  }
  const p = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.floor(q * (list.length - 1))]!;
  process.stdout.write(`envelope ${envelope.length} bytes, ${samples} interleaved samples per mode\n`);
  process.stdout.write("| mode | p50 ms | p95 ms |\n| --- | ---: | ---: |\n");
  for (const mode of ["base64", "plain"] as const)
    process.stdout.write(`| ${mode} | ${p(times[mode], 0.5).toFixed(3)} | ${p(times[mode], 0.95).toFixed(3)} |\n`);
} finally {
  await bridge.close();
  await redis.stop();
}
