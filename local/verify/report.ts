// How the results are shown: a pass/fail table for people, JSON for pipelines.
import type { CheckResult } from "./check-kit.ts";

export interface Summary {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  failing: string[];
}

export function summarize(results: readonly CheckResult[]): Summary {
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  const failing = results.filter((r) => r.status === "fail").map((r) => r.name);
  return { ok: failing.length === 0, passed: count("pass"), failed: failing.length, skipped: count("skip"), failing };
}

const LABEL = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function formatTable(url: string, role: string | undefined, results: readonly CheckResult[]): string {
  const width = Math.max(5, ...results.map((r) => r.name.length));
  const lines = [
    `pms-edge go-live check: ${url} (token role ${role ?? "unknown"})`,
    "",
    `${"check".padEnd(width)}  result  ${"ms".padStart(6)}  detail`,
    `${"-".repeat(width)}  ------  ${"-".repeat(6)}  ------`,
    ...results.map(
      (r) => `${r.name.padEnd(width)}  ${LABEL[r.status].padEnd(6)}  ${String(r.ms).padStart(6)}  ${r.detail}`,
    ),
    "",
  ];
  const s = summarize(results);
  lines.push(`${results.length} checks: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  lines.push(s.ok ? "GO: every check that ran passed" : `NO-GO: failed: ${s.failing.join("; ")}`);
  return lines.join("\n") + "\n";
}

export function formatJson(url: string, role: string | undefined, results: readonly CheckResult[]): string {
  const s = summarize(results);
  return (
    JSON.stringify(
      {
        url,
        role: role ?? null,
        ok: s.ok,
        passed: s.passed,
        failed: s.failed,
        skipped: s.skipped,
        failing: s.failing,
        checks: results,
      },
      null,
      2,
    ) + "\n"
  );
}
