// Flags of `npm start`. Parsing is separate from the launcher so it can be tested without
// starting anything.
import { parseArgs } from "node:util";

export interface StartOptions {
  edgePort: number;
  originPort: number;
  bridgePort: number;
  /** Undefined: 6380 when free, else any free port (Redis is private to the stack). */
  redisPort?: number;
  /** SQLite file of the reference origin; seeded on first start. */
  dbPath: string;
  /** Re-create the demo fund from its seed. */
  reseed: boolean;
  /** Artificial origin latency (ms), to make the cache's effect visible. */
  originLatencyMs?: number;
  /** wrangler dev's local persistence directory. */
  persistDir: string;
  /** Where the stack's URLs and secrets are written for `wrangler dev` (dev-vars.ts). */
  devVarsPath: string;
  /** Start Redis, the bridge and the origin only, for a Worker run with `npm run dev`. */
  edge: boolean;
}

export const START_USAGE = `usage: npm start -- [--edge-port 8787] [--origin-port 8788] [--bridge-port 8079]
                   [--redis-port 6380] [--db ./data/pms.sqlite] [--reseed] [--origin-latency-ms N]
                   [--no-edge] [--dev-vars .dev.vars]`;

/** The four port flags for the given ports, as a test or harness passes them to `npm start`. */
export function portArgs(ports: { edge: number; origin: number; bridge: number; redis: number }): string[] {
  return [
    ...["--edge-port", String(ports.edge), "--origin-port", String(ports.origin)],
    ...["--bridge-port", String(ports.bridge), "--redis-port", String(ports.redis)],
  ];
}

function port(name: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`--${name} must be a port number (1-65535), got ${raw}`);
  return n;
}

export function parseStartArgs(argv: string[]): StartOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      "edge-port": { type: "string" },
      "origin-port": { type: "string" },
      "bridge-port": { type: "string" },
      "redis-port": { type: "string" },
      db: { type: "string" },
      reseed: { type: "boolean", default: false },
      "origin-latency-ms": { type: "string" },
      "no-edge": { type: "boolean", default: false },
      "dev-vars": { type: "string" },
    },
  });
  const latency = values["origin-latency-ms"];
  if (latency !== undefined && !/^\d+$/.test(latency)) {
    throw new Error(`--origin-latency-ms must be a non-negative integer, got ${latency}`);
  }
  const options: StartOptions = {
    edgePort: port("edge-port", values["edge-port"], 8787)!,
    originPort: port("origin-port", values["origin-port"], 8788)!,
    bridgePort: port("bridge-port", values["bridge-port"], 8079)!,
    redisPort: port("redis-port", values["redis-port"]),
    dbPath: values.db ?? "./data/pms.sqlite",
    reseed: values.reseed ?? false,
    originLatencyMs: latency === undefined ? undefined : Number(latency),
    persistDir: "./data/wrangler-state",
    devVarsPath: values["dev-vars"] ?? ".dev.vars",
    edge: !values["no-edge"],
  };
  const named: Array<[string, number | undefined]> = [
    ["--edge-port", options.edgePort],
    ["--origin-port", options.originPort],
    ["--bridge-port", options.bridgePort],
    ["--redis-port", options.redisPort],
  ];
  const seen = new Map<number, string>();
  for (const [flag, value] of named) {
    if (value === undefined) continue;
    const other = seen.get(value);
    if (other) throw new Error(`${other} and ${flag} are both ${value}; each process needs its own port`);
    seen.set(value, flag);
  }
  return options;
}
