// .dev.vars as npm start writes it: the stack's URLs and the secrets tokens are signed with, the
// example file in the repository matching the default ports, and a hand-written file kept.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEV_SECRETS } from "../dev-secrets.ts";
import { devVarsText, writeDevVars } from "./dev-vars.ts";

const dir = mkdtempSync(join(tmpdir(), "pms-dev-vars-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** dotenv's KEY=VALUE lines, the way wrangler reads them. */
function parse(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}

describe(".dev.vars", () => {
  it("names the stack's bridge and origin and the secrets npm run token signs with", () => {
    const vars = parse(devVarsText({ bridge: "http://127.0.0.1:1111", origin: "http://127.0.0.1:2222" }));
    expect(vars).toEqual({
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1111",
      ORIGIN_URL: "http://127.0.0.1:2222",
      ...DEV_SECRETS,
    });
  });

  it("carries the origin token of this run: npm start gives the origin a random one", () => {
    const vars = parse(devVarsText({ bridge: "http://b", origin: "http://o", originToken: "run-token-0123456789" }));
    expect(vars.ORIGIN_TOKEN).toBe("run-token-0123456789");
  });

  it("is what .dev.vars.example shows for npm start's default ports", () => {
    const example = readFileSync(".dev.vars.example", "utf8");
    expect(parse(example)).toEqual(
      parse(devVarsText({ bridge: "http://127.0.0.1:8079", origin: "http://127.0.0.1:8788" })),
    );
  });

  it("rewrites its own file and keeps one written by hand", () => {
    const own = join(dir, "own.vars");
    expect(writeDevVars(own, { bridge: "http://127.0.0.1:1", origin: "http://127.0.0.1:2" })).toBe("written");
    expect(writeDevVars(own, { bridge: "http://127.0.0.1:3", origin: "http://127.0.0.1:4" })).toBe("written");
    expect(parse(readFileSync(own, "utf8")).ORIGIN_URL).toBe("http://127.0.0.1:4");
    const mine = join(dir, "mine.vars");
    writeFileSync(mine, "ORIGIN_URL=https://staging.example\n");
    expect(writeDevVars(mine, { bridge: "http://127.0.0.1:1", origin: "http://127.0.0.1:2" })).toBe("kept");
    expect(readFileSync(mine, "utf8")).toBe("ORIGIN_URL=https://staging.example\n");
  });
});

describe(".gitignore", () => {
  it("ignores every .dev.vars* and .env* file except the examples", () => {
    const ignored = (path: string) => {
      try {
        execFileSync("git", ["check-ignore", "-q", "--no-index", path]);
        return true;
      } catch {
        return false;
      }
    };
    for (const path of [".dev.vars", ".dev.vars.production", ".env", ".env.production", ".env.local"]) {
      expect(ignored(path), path).toBe(true);
    }
    expect(ignored(".dev.vars.example")).toBe(false);
  });
});
