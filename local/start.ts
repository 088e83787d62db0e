// npm start: the whole local stack on one machine (docs/architecture.md §Local stack): a private
// redis-server, the Upstash-REST bridge, the reference origin with the seeded demo fund, and the
// Worker under `wrangler dev` wired to them. Ctrl-C stops everything it started.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { buildDesk } from "../desk/build.ts";
import { type RunningOrigin, startOrigin } from "../origin/server.ts";
import { randomServiceToken } from "../origin/service-token.ts";
import { DEV_SECRETS } from "./dev-secrets.ts";
import { freePort, portInUse } from "./free-port.ts";
import { type RunningBridge, startBridge } from "./redis-rest/server.ts";
import { type RunningRedis, startRedisServer } from "./redis-server.ts";
import { parseStartArgs, START_USAGE, type StartOptions } from "./start/args.ts";
import { banner, servicesBanner } from "./start/banner.ts";
import { writeDevVars } from "./start/dev-vars.ts";
import { ensureRedisServer } from "./start/ensure-redis.ts";
import { type RunningWrangler, startWranglerDev, waitForHealth } from "./start/wrangler-dev.ts";
import { mintToken } from "./token.ts";

const log = (line: string) => process.stdout.write(`start: ${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`start: ${message}\n`);
  process.exit(1);
};

function readOptions(): StartOptions {
  try {
    return parseStartArgs(process.argv.slice(2));
  } catch (error) {
    return fail(`${(error as Error).message}\n${START_USAGE}`);
  }
}
const options = readOptions();

/** Redis is private to the stack: 6380 unless taken, then any free port. */
async function choosePorts(opts: StartOptions): Promise<number> {
  const fixed: Array<[string, number]> = [
    // Without the edge, its port is left for `npm run dev`.
    ...(opts.edge ? [["--edge-port", opts.edgePort] as [string, number]] : []),
    ["--origin-port", opts.originPort],
    ["--bridge-port", opts.bridgePort],
  ];
  if (opts.redisPort !== undefined) fixed.push(["--redis-port", opts.redisPort]);
  for (const [flag, port] of fixed) {
    if (await portInUse(port)) {
      fail(
        `port ${port} (${flag}) is already in use. Stop what listens there or pick another: npm start -- ${flag} <port>`,
      );
    }
  }
  if (opts.redisPort !== undefined) return opts.redisPort;
  return (await portInUse(6380)) ? freePort() : 6380;
}

// Everything started so far, stopped in reverse order.
let redis: RunningRedis | undefined;
let bridge: RunningBridge | undefined;
let origin: RunningOrigin | undefined;
let edge: RunningWrangler | undefined;
let stopping: Promise<void> | undefined;

function stopAll(): Promise<void> {
  stopping ??= (async () => {
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ["wrangler dev", edge?.stop],
      ["origin", origin?.close],
      ["bridge", bridge?.close],
      ["redis-server", redis?.stop],
    ];
    for (const [name, stop] of steps) {
      if (!stop) continue;
      try {
        await stop();
      } catch (error) {
        process.stderr.write(`start: stopping ${name}: ${(error as Error).message}\n`);
      }
    }
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the stack`);
    stopAll().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
// Last resort (a crash between the awaits above): never leave wrangler/workerd or Redis behind.
process.on("exit", () => {
  edge?.killNow();
  if (redis && redis.process.exitCode === null) redis.process.kill("SIGKILL");
});

try {
  const redisPort = await choosePorts(options);
  const installed = ensureRedisServer(log);
  if (typeof installed === "object") fail(installed.error);

  redis = await startRedisServer({ port: redisPort });
  log(`redis-server on ${redis.url} (no persistence)`);
  redis.process.once("exit", (code, signal) => {
    // Left running on purpose: the edge must keep serving through the origin (docs/cache-protocol.md §Failures).
    if (!stopping)
      process.stderr.write(`start: redis-server exited (${signal ?? code}); the edge now bypasses the cache\n`);
  });

  bridge = await startBridge({
    port: options.bridgePort,
    redisUrl: redis.url,
    token: DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN,
  });
  log(`Upstash-REST bridge on ${bridge.url}`);

  mkdirSync(dirname(options.dbPath), { recursive: true });
  // A random service token for this run (what the origin's --dev does): nobody outside this
  // stack can act as a user at the origin, whatever port it listens on.
  const originToken = randomServiceToken();
  origin = await startOrigin({
    port: options.originPort,
    dbPath: options.dbPath,
    token: originToken,
    reseed: options.reseed,
    ...(options.originLatencyMs !== undefined ? { latencyMs: options.originLatencyMs } : {}),
  });
  log(`reference origin on ${origin.url} (db ${options.dbPath})`);

  // The desk's assets (wrangler.toml [assets]) must exist before wrangler dev reads its config.
  const desk = await buildDesk();
  log(`desk built: ${desk.js}, ${desk.css} (${(desk.sizes.gzip / 1024).toFixed(1)} KiB gzip)`);

  const devVars = writeDevVars(options.devVarsPath, { bridge: bridge.url, origin: origin.url, originToken });
  log(
    devVars === "written"
      ? `wrote ${options.devVarsPath} (these URLs and the local secrets) for npm run dev`
      : `kept ${options.devVarsPath}: not written by npm start (see .dev.vars.example)`,
  );
  if (!options.edge) {
    const token = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "MANAGER" });
    process.stdout.write(servicesBanner({ origin: origin.url, bridge: bridge.url, redis: redis.url }, token));
    await new Promise<never>(() => {}); // serve until a signal stops the stack
  }

  edge = startWranglerDev({
    port: options.edgePort,
    inspectorPort: await freePort(),
    persistDir: options.persistDir,
    vars: {
      UPSTASH_REDIS_REST_URL: bridge.url,
      ORIGIN_URL: origin.url,
      UPSTASH_REDIS_REST_TOKEN: DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN,
      ORIGIN_TOKEN: originToken,
      JWT_SECRET: DEV_SECRETS.JWT_SECRET,
    },
    onOutput: (line) => process.stdout.write(`edge │ ${line}\n`),
  });
  log(`wrangler dev starting on ${edge.url}; waiting for /health …`);
  const running = edge;
  try {
    await waitForHealth(running.url, 120_000, running.exited);
  } catch (error) {
    process.stderr.write(`start: the edge did not become healthy: ${(error as Error).message}\n`);
    process.stderr.write(`--- wrangler dev output (tail) ---\n${running.output().slice(-4000)}\n`);
    await stopAll();
    process.exit(1);
  }
  running.goLive();
  running.child.once("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(`start: wrangler dev exited unexpectedly (${signal ?? code}); stopping the stack\n`);
    stopAll().then(() => process.exit(1));
  });

  const token = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "MANAGER" });
  process.stdout.write(
    banner({ edge: running.url, origin: origin.url, bridge: bridge.url, redis: redis.url }, token, "MANAGER"),
  );
} catch (error) {
  process.stderr.write(`start: ${(error as Error).message}\n`);
  await stopAll();
  process.exit(1);
}
