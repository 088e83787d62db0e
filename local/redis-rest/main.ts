// CLI: npm run redis-rest -- --port 8079 --redis-url redis://127.0.0.1:6379 --token T
// Flags fall back to BRIDGE_PORT, REDIS_URL and UPSTASH_REDIS_REST_TOKEN.
import { parseArgs } from "node:util";
import { serveAsChild } from "../child-service.ts";
import { startBridge } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "redis-url": { type: "string" },
    token: { type: "string" },
    "max-body-bytes": { type: "string" },
    "command-timeout-ms": { type: "string" },
    "delay-ms": { type: "string" },
  },
});

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`redis-rest: --${name} must be a non-negative integer, got ${raw}`);
    process.exit(2);
  }
  return n;
}

const token = values.token ?? process.env.UPSTASH_REDIS_REST_TOKEN;
if (!token) {
  console.error("redis-rest: a token is required (--token or UPSTASH_REDIS_REST_TOKEN)");
  process.exit(2);
}
const redisUrl = values["redis-url"] ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const bridge = await startBridge({
  port: intOption("port", values.port ?? process.env.BRIDGE_PORT) ?? 8079,
  host: values.host,
  redisUrl,
  token,
  maxBodyBytes: intOption("max-body-bytes", values["max-body-bytes"]),
  commandTimeoutMs: intOption("command-timeout-ms", values["command-timeout-ms"]),
  delayMs: intOption("delay-ms", values["delay-ms"]),
});
console.log(`redis-rest: Upstash REST bridge on ${bridge.url} → ${redisUrl}`);
serveAsChild(bridge, bridge.close);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
