// The edge as it was at an earlier commit, so one run can time a HIT on today's code and on the
// code before a change, side by side on the same machine, Redis and origin (scenarios/hit-path.ts).
// Comparing against a number from an earlier run compares two machines as much as two versions:
// the load of a shared 2-core box moves a HIT's p50 by more than the code does.
//
// The commit's src/ and wrangler.toml are taken with `git archive` into node_modules/.cache (so
// esbuild resolves its imports from this checkout's node_modules: the dependencies of src/ have
// not changed since) and bundled like today's edge.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { bundleWorker, wranglerWorkerSettings } from "../local/worker-bundle.ts";

/**
 * The code the previous HIT / floor figures were measured on (bench/RESULTS.md before the
 * production-readiness work): before plain-mode Upstash answers, CORS, the token rules, the
 * weak ETags and PMS-Min-Version.
 */
export const BASELINE_REF = "3805544e7104551364ab33d2ee0f0359c22eba54";

export interface BaselineEdge {
  /** The full commit id. */
  commit: string;
  script: string;
  /** That commit's wrangler.toml [vars]. */
  vars: Record<string, string>;
}

export async function bundleBaselineEdge(ref: string = BASELINE_REF): Promise<BaselineEdge> {
  const commit = execFileSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { encoding: "utf8" }).trim();
  const dir = `node_modules/.cache/pms-bench-baseline/${commit}`;
  if (!existsSync(`${dir}/src/index.ts`)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", "--format=tar", commit, "src", "wrangler.toml"], {
      maxBuffer: 64 * 2 ** 20,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
  }
  return {
    commit,
    script: await bundleWorker(`${dir}/src/index.ts`),
    vars: wranglerWorkerSettings(`${dir}/wrangler.toml`).vars,
  };
}
