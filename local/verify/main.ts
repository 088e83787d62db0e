// npm run verify -- --url <edge> --token <jwt> [--allow-writes] [--json]
// The go-live check of a deployment: exits 0 when every check that ran passed, 1 when any
// failed (naming them), 2 on bad flags.

import { sleep } from "../../src/lib/sleep.ts";
import { parseVerifyArgs, VERIFY_USAGE, type VerifyOptions } from "./args.ts";
import { runChecks } from "./check-kit.ts";
import { buildChecks, forgeToken } from "./checks.ts";
import { createHttp } from "./http.ts";
import { formatJson, formatTable, summarize } from "./report.ts";
import { tokenRole } from "./response-meta.ts";

let options: VerifyOptions;
try {
  options = parseVerifyArgs(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`verify: ${(error as Error).message}\n${VERIFY_USAGE}\n`);
  process.exit(2);
}

const role = tokenRole(options.token);
const results = await runChecks(
  {
    http: createHttp(options.url, options.token, options.timeoutMs),
    role,
    allowWrites: options.allowWrites,
    ttl: options.ttl,
    slackSeconds: options.slackSeconds,
    forgedToken: await forgeToken(role),
    now: () => performance.now(),
    sleep,
    state: {},
  },
  buildChecks(),
);
process.stdout.write(options.json ? formatJson(options.url, role, results) : formatTable(options.url, role, results));
process.exit(summarize(results).ok ? 0 : 1);
