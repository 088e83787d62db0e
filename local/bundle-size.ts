// npm run bundle-size: bundles the Worker exactly as `wrangler deploy --env production` would
// (`--dry-run`, minified per wrangler.toml), prints its size raw and gzip, and fails above the
// budget. Run by .ci/run, so a dependency or an import that bloats the bundle fails CI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** The Worker's budget, gzip (the size Cloudflare's upload limit and cold start care about). */
export const GZIP_BUDGET_BYTES = 90 * 1024;

const outdir = mkdtempSync(join(tmpdir(), "pms-bundle-"));
try {
  const run = spawnSync(
    resolve("node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--env", "production", "--outdir", outdir],
    { encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" } },
  );
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}\n${run.stderr}\nbundle-size: wrangler deploy --dry-run failed\n`);
    process.exit(1);
  }
  const code = readFileSync(join(outdir, "index.js"));
  const gzip = gzipSync(code, { level: 9 }).length;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  process.stdout.write(
    `bundle-size: Worker ${kib(code.length)} raw, ${kib(gzip)} gzip (budget ${kib(GZIP_BUDGET_BYTES)} gzip)\n`,
  );
  if (gzip > GZIP_BUDGET_BYTES) {
    process.stderr.write(
      "bundle-size: over budget. Look for a dependency that pulls in too much: " +
        "`npx wrangler deploy --dry-run --env production --outdir /tmp/b --metafile` and esbuild's analyzer\n",
    );
    process.exit(1);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
