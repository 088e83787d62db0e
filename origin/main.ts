// CLI: npm run origin -- --port 8788 --db ./data/pms.sqlite [--reseed] [--fund demo|large] [--latency-ms N] [--dev]
// Env: ORIGIN_TOKEN (service token; required unless --dev, which makes a random one and prints
// it), PMS_CAPITAL_BRL, PMS_LIMIT_* (see origin/README.md).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { serveAsChild } from "../local/child-service.ts";
import { startOrigin } from "./server.ts";
import { serviceToken } from "./service-token.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8788" },
    db: { type: "string", default: "./data/pms.sqlite" },
    reseed: { type: "boolean", default: false },
    fund: { type: "string", default: "demo" },
    "latency-ms": { type: "string", default: "0" },
    dev: { type: "boolean", default: false },
  },
  strict: true,
});

function wholeNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

const service = serviceToken(process.env.ORIGIN_TOKEN, values.dev);
if ("error" in service) {
  process.stderr.write(`origin: ${service.error}\n`);
  process.exit(1);
}
if (service.generated) console.log(`origin: --dev without ORIGIN_TOKEN: service token for this run: ${service.token}`);

const fund = values.fund;
if (fund !== "demo" && fund !== "large") throw new Error(`--fund must be demo or large, got "${fund}"`);
const latencyMs = wholeNumber("latency-ms", values["latency-ms"]);
mkdirSync(dirname(values.db), { recursive: true });

const origin = await startOrigin({
  port: wholeNumber("port", values.port),
  dbPath: values.db,
  token: service.token,
  reseed: values.reseed,
  fund,
  latencyMs,
});
console.log(
  `pms origin listening on ${origin.url} (db ${values.db}, fund ${fund}${latencyMs ? `, simulated latency ${latencyMs} ms` : ""})`,
);
// Started by local/child-service.ts: the parent may change the simulated latency.
serveAsChild(origin, origin.close, (message: { latencyMs?: number }) => {
  if (typeof message?.latencyMs === "number") origin.setLatency(message.latencyMs);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    origin.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
