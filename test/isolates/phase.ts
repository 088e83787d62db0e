// The assertions the many-isolate phases share (vitest): no oracle violated, no failed fault
// event, and the edges converged once every fault is healed. Running a phase and what it claims
// to exercise live in local/rig/ (phase-run.ts, phases.ts), shared with the bench's soak.
import { expect } from "vitest";
import { type CheckFetch, type ConsistencyReport, describeViolation } from "../../local/consistency/consistency.ts";
import type { Rig } from "../../local/rig/rig.ts";

/** What every phase asserts: its fault events ran, and no oracle was violated (the first ten shown with their traces). */
export function expectClean(report: ConsistencyReport): void {
  const failedEvents = report.events.filter((e) => e.error);
  expect(failedEvents, JSON.stringify(failedEvents)).toEqual([]);
  const shown = report.violations.slice(0, 10).map(describeViolation).join("\n\n");
  expect(shown, `${report.violations.length} violations; ${report.summary}`).toBe("");
}

/**
 * After a phase, with every fault healed and no writer running: each edge's next /book reads
 * report the origin's current version, and soon one is a HIT at that version. Deterministic, so
 * it also proves each isolate uses the shared Redis again however few hits a loaded run saw.
 */
export async function expectConverged(rig: Rig, fetches: readonly CheckFetch[]): Promise<void> {
  const version = await rig.originVersion();
  for (const [edge, fetch] of fetches.entries()) {
    let last = "";
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await fetch("/api/v1/pms/book", { role: "VIEWER" });
      await res.body?.cancel();
      const status = res.headers.get("Cache-Status") ?? "";
      last = `edge ${edge}: ${res.status} v${res.headers.get("PMS-Data-Version")} ${status} (origin v${version})`;
      expect(res.status, last).toBe(200);
      expect(Number(res.headers.get("PMS-Data-Version")), last).toBe(version);
      if (/; hit/.test(status)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(last, "no HIT after recovery").toMatch(/; hit/);
  }
}
