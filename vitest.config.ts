// Three test projects:
//  - "node":     Node-side code (the Upstash-REST bridge, the reference origin, local tooling);
//  - "workers":  the Worker, inside workerd via @cloudflare/vitest-pool-workers. Its global setup
//                starts redis-server, the bridge and the reference origin on free ports and hands
//                their URLs to the Worker as bindings;
//  - "isolates": Node drives several edges, each its own workerd process (local/rig/rig.ts),
//                against one redis-server and one origin. Runs take seconds per phase and start
//                processes, hence the long timeouts; one file at a time, after the other projects
//                (2-core machines). Alone: `npx vitest run --project isolates`;
//  - "browser":  the desk in Debian's Chromium (playwright-core, no browser download) against the
//                stack `npm start` runs (test/browser/). Alone: `npx vitest run --project browser`.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { configDefaults, defineConfig } from "vitest/config";
import { buildDesk } from "./desk/build.ts";
import { TEST_JWT_SECRET } from "./test/support/test-secret.ts";

// wrangler.toml's [assets] directory must exist before the workers project reads the config,
// and the browser tests serve it: build the desk first (about a second; desk/build.ts).
await buildDesk();

export default defineConfig({
  test: {
    // Most test files wait on servers (Redis, the origin, workerd) rather than compute; vitest's
    // default of one file at a time on a 2-core machine leaves the CPUs idle through those waits.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["local/**/*.test.ts", "origin/**/*.test.ts", "desk/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // The flags the pool would otherwise add itself, logging one [vpw:debug] line per
              // flag per runtime (its logger is fixed at VERBOSE, with no option or env var).
              compatibilityFlags: [
                "enable_nodejs_tty_module",
                "enable_nodejs_fs_module",
                "enable_nodejs_http_modules",
                "enable_nodejs_perf_hooks_module",
                "enable_nodejs_v8_module",
                "enable_nodejs_process_v2",
              ],
              // wrangler.toml's per-user limits would throttle the suite (every test token has the
              // same sub): here they are out of reach, and the abuse suite's edges swap in the
              // small ones (Miniflare implements the binding).
              ratelimits: {
                RATE_LIMIT_ORIGIN_READS: { simple: { limit: 1_000_000, period: 60 } },
                RATE_LIMIT_WRITES: { simple: { limit: 1_000_000, period: 60 } },
                TEST_ORIGIN_READS_20: { simple: { limit: 20, period: 60 } },
                TEST_WRITES_5: { simple: { limit: 5, period: 60 } },
              },
              bindings: {
                // Scaled for busy test machines: on 2 loaded cores a healthy local Redis round
                // trip can pass the product's 150 ms and open the breaker. Tests about the
                // deadline itself set their own; the product default stays 150 ms.
                REDIS_DEADLINE_MS: "1000",
                UPSTASH_REDIS_REST_URL: inject("upstashUrl"),
                UPSTASH_REDIS_REST_TOKEN: inject("upstashToken"),
                ORIGIN_URL: inject("originUrl"),
                ORIGIN_TOKEN: inject("originToken"),
                JWT_SECRET: TEST_JWT_SECRET,
                TEST_CONTROL_URL: inject("controlUrl"),
                TEST_REDIS_STACK_ID: inject("redisStackId"),
                TEST_ORIGIN_STACK_ID: inject("originStackId"),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          globalSetup: ["./test/setup/global-setup.ts"],
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/isolates/**", "test/browser/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "isolates",
          environment: "node",
          include: ["test/isolates/**/*.test.ts"],
          fileParallelism: false,
          // After the other projects, not beside them: three workerd processes under test load
          // would slow the workers project's own timing-sensitive consistency runs, and theirs ours.
          sequence: { groupOrder: 1 },
          // A phase may run twice on a loaded machine (test/isolates/many-isolates.test.ts).
          testTimeout: 150_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          // Its own stack (npm start's launcher: wrangler dev, workerd, origin, Redis) and Chromium:
          // last, alone, so it neither slows nor is slowed by the other projects.
          sequence: { groupOrder: 2 },
          testTimeout: 90_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
