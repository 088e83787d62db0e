// Flags of `npm run verify`, parsed apart from main so they can be tested.
import { parseArgs } from "node:util";
import type { TierName } from "./check-kit.ts";
import { DEFAULT_TTL } from "./checks.ts";

export interface VerifyOptions {
  url: string;
  token: string;
  allowWrites: boolean;
  json: boolean;
  timeoutMs: number;
  ttl: Record<TierName, number>;
  slackSeconds: number;
}

export const VERIFY_USAGE = `usage: npm run verify -- --url <edge> --token <jwt> [--allow-writes] [--json]
         [--ttl book=30,risk=60,attribution=300,morning_pack=300] [--slack-seconds 2] [--timeout-ms 15000]
The token may also come from PMS_TOKEN. Writes (a tiny reversible trade) run only with --allow-writes.`;

function parseTtl(text: string): Record<TierName, number> {
  const ttl = { ...DEFAULT_TTL };
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = pair.split("=");
    if (!name || !(name in ttl))
      throw new Error(`--ttl: unknown tier "${name}" (book, risk, attribution, morning_pack)`);
    if (!value || !/^\d+$/.test(value) || Number(value) < 1)
      throw new Error(`--ttl: ${name} needs a whole number of seconds, got "${value}"`);
    ttl[name as TierName] = Number(value);
  }
  return ttl;
}

function wholeNumber(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${flag} must be a whole number, got ${raw}`);
  return Number(raw);
}

export function parseVerifyArgs(argv: string[], env: Record<string, string | undefined> = {}): VerifyOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      "allow-writes": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "timeout-ms": { type: "string", default: "15000" },
      ttl: { type: "string", default: "" },
      "slack-seconds": { type: "string", default: "2" },
    },
  });
  if (!values.url) throw new Error("--url is required (the edge's base URL, e.g. http://127.0.0.1:8787)");
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new Error(`--url is not a URL: ${values.url}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`--url must be http(s), got ${url.protocol}`);
  const token = values.token ?? env.PMS_TOKEN;
  if (!token)
    throw new Error("--token is required (or set PMS_TOKEN); mint one with npm run token -- --role ADMIN --secret <s>");
  return {
    url: url.href.replace(/\/+$/, ""),
    token,
    allowWrites: values["allow-writes"] ?? false,
    json: values.json ?? false,
    timeoutMs: wholeNumber("--timeout-ms", values["timeout-ms"]!),
    ttl: parseTtl(values.ttl!),
    slackSeconds: wholeNumber("--slack-seconds", values["slack-seconds"]!),
  };
}
