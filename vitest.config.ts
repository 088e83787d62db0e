// Two test projects:
//  - "node":    Node-side code (the Upstash-REST bridge, the reference origin, local tooling);
//  - "workers": the Worker, inside workerd via @cloudflare/vitest-pool-workers. Its global setup
//               starts redis-server, the bridge and the reference origin on free ports and hands
//               their URLs to the Worker as bindings.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["local/**/*.test.ts", "origin/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
