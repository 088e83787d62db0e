// `.dev.vars`: what `wrangler dev` reads for the local stack's URLs and secrets (wrangler.toml
// keeps no loopback URL). `npm start` writes it from the ports it actually used, so that
// `npm run dev` (another Worker against the same bridge and origin) and `npm run token` tokens
// agree with the stack. A file someone wrote by hand is left alone.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DEV_SECRETS } from "../dev-secrets.ts";

export const DEV_VARS_HEADER = "# Written by `npm start` for the local stack (see .dev.vars.example); local only.";

export interface DevVarsUrls {
  bridge: string;
  origin: string;
  /** The origin's service token of this run (npm start makes a random one per run). */
  originToken?: string;
}

export function devVarsText(urls: DevVarsUrls): string {
  const lines = [
    DEV_VARS_HEADER,
    `UPSTASH_REDIS_REST_URL=${urls.bridge}`,
    `ORIGIN_URL=${urls.origin}`,
    ...Object.entries({ ...DEV_SECRETS, ...(urls.originToken ? { ORIGIN_TOKEN: urls.originToken } : {}) }).map(
      ([name, value]) => `${name}=${value}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

/** Writes the file unless it exists and was not written by npm start; what happened. */
export function writeDevVars(path: string, urls: DevVarsUrls): "written" | "kept" {
  if (existsSync(path) && !readFileSync(path, "utf8").startsWith(DEV_VARS_HEADER)) return "kept";
  writeFileSync(path, devVarsText(urls));
  return "written";
}
