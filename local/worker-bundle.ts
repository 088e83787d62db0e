// Bundles a Worker entry into one ES module the way wrangler does for workerd (ESM, the
// "workerd"/"worker" export conditions), in memory, and reads the settings wrangler would give
// it, so Node-side harnesses (benchmarks, the many-isolate rig) can hand the Worker to Miniflare
// without wrangler's dev server.
import { build } from "esbuild";
import { unstable_readConfig } from "wrangler";

export async function bundleWorker(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "warning",
  });
  return out.outputFiles[0]!.text;
}

export interface WranglerWorkerSettings {
  /** wrangler.toml's [vars], as strings (the Worker sees them so). */
  vars: Record<string, string>;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

/** What Miniflare needs from wrangler.toml to run the Worker the way wrangler would. */
export function wranglerWorkerSettings(configPath = "wrangler.toml"): WranglerWorkerSettings {
  const config = unstable_readConfig({ config: configPath });
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.vars ?? {})) vars[name] = String(value);
  return {
    vars,
    compatibilityDate: config.compatibility_date ?? "2026-03-20",
    compatibilityFlags: config.compatibility_flags ?? [],
  };
}
