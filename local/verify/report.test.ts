import { describe, expect, it } from "vitest";
import { parseVerifyArgs } from "./args.ts";
import type { CheckResult } from "./check-kit.ts";
import { formatJson, formatTable, summarize } from "./report.ts";
import { cacheOutcome, tokenRole } from "./response-meta.ts";

const results: CheckResult[] = [
  { name: "health", status: "pass", detail: "redis ok (1 ms), origin ok (4 ms)", ms: 6 },
  { name: "tier book: MISS → HIT", status: "fail", detail: "second read: expected a hit", ms: 20 },
  { name: "warm-up (ADMIN)", status: "skip", detail: "needs an ADMIN token", ms: 3 },
];

describe("report", () => {
  it("prints one row per check and names the failing rows", () => {
    const table = formatTable("http://edge", "MANAGER", results);
    const rows = table.split("\n").filter((l) => /\s(PASS|FAIL|SKIP)\s/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^tier book: MISS → HIT\s+FAIL\s+20\s+second read: expected a hit$/);
    expect(table).toContain("3 checks: 1 passed, 1 failed, 1 skipped");
    expect(table).toContain("NO-GO: failed: tier book: MISS → HIT");
    expect(formatTable("http://edge", "ADMIN", [results[0]!, results[2]!])).toContain(
      "GO: every check that ran passed",
    );
  });

  it("prints machine-readable JSON with the same verdict", () => {
    const parsed = JSON.parse(formatJson("http://edge", undefined, results)) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      url: "http://edge",
      role: null,
      ok: false,
      passed: 1,
      failed: 1,
      skipped: 1,
      failing: ["tier book: MISS → HIT"],
    });
    expect(parsed.checks).toEqual(results);
    expect(summarize([]).ok).toBe(true);
  });
});

describe("response metadata", () => {
  it.each([
    ["pms-edge; hit", "hit"],
    ["pms-edge; fwd=miss; stored", "miss"],
    ["pms-edge; fwd=stale", "stale"],
    ["pms-edge; fwd=bypass", "bypass"],
    ["Cloudflare; fwd=uri-miss, pms-edge; hit", "hit"],
    ["Cloudflare; hit", "absent"],
    [undefined, "absent"],
  ])("Cache-Status %s is %s (RFC 9211 list, our member only)", (header, outcome) => {
    expect(cacheOutcome(header)).toBe(outcome);
  });

  it("reads the role claim of a token without verifying it", () => {
    const payload = Buffer.from(JSON.stringify({ sub: "x", role: "admin" })).toString("base64url");
    expect(tokenRole(`h.${payload}.s`)).toBe("ADMIN");
    expect(tokenRole("not-a-jwt")).toBeUndefined();
  });
});

describe("verify flags", () => {
  it("needs a URL and a token, from the flag or PMS_TOKEN", () => {
    expect(() => parseVerifyArgs(["--token", "t"])).toThrow(/--url is required/);
    expect(() => parseVerifyArgs(["--url", "http://e"])).toThrow(/--token is required/);
    expect(() => parseVerifyArgs(["--url", "ftp://e", "--token", "t"])).toThrow(/http\(s\)/);
    expect(parseVerifyArgs(["--url", "https://edge.example/"], { PMS_TOKEN: "envtok" })).toMatchObject({
      url: "https://edge.example",
      token: "envtok",
      allowWrites: false,
      json: false,
      slackSeconds: 2,
    });
  });

  it("takes --allow-writes, --json and per-tier TTLs", () => {
    const o = parseVerifyArgs([
      "--url",
      "http://e",
      "--token",
      "t",
      "--allow-writes",
      "--json",
      "--ttl",
      "book=10,morning_pack=600",
    ]);
    expect(o).toMatchObject({ allowWrites: true, json: true });
    expect(o.ttl).toEqual({ book: 10, risk: 60, attribution: 300, morning_pack: 600 });
    expect(() => parseVerifyArgs(["--url", "http://e", "--token", "t", "--ttl", "pnl=5"])).toThrow(
      /unknown tier "pnl"/,
    );
    expect(() => parseVerifyArgs(["--url", "http://e", "--token", "t", "--ttl", "book=0"])).toThrow(/whole number/);
  });
});
