// Pipeline routes (#33–#34), ADMIN only.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

describe("POST /pipeline/trigger", () => {
  it("runs MTM, proposals, morning pack, risk snapshot and returns in one write", async () => {
    const before = (await o.get("/book")).version;
    const packBefore = (await o.get("/morning-pack/latest")).body.id;
    const res = await o.post("/pipeline/trigger", undefined, { role: "ADMIN" });
    expect(res.status).toBe(200);
    expect(res.version).toBe(before + 1);
    expect(res.body).toMatchObject({ status: "success", date: TEST_TODAY });
    for (const step of ["mtm", "proposals", "morning_pack", "risk_snapshot", "portfolio_returns"]) {
      expect(res.body.steps[step].status, step).toBe("ok");
    }
    expect((await o.get("/morning-pack/latest")).body.id).not.toBe(packBefore);
  });

  it("a failing step is rolled back alone and reported: status partial", async () => {
    // Break the returns step only: a trigger refusing inserts into portfolio_returns.
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(o.dbPath);
    db.exec("CREATE TRIGGER no_returns BEFORE INSERT ON portfolio_returns BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    db.close();
    // The failure is expected: capture its log line (asserted below) instead of printing it.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await o.post("/pipeline/trigger", undefined, { role: "ADMIN" });
    const logLines = logged.mock.calls.slice();
    logged.mockRestore();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("partial");
    expect(res.body.steps.portfolio_returns.status).toBe("failed");
    expect(res.body.steps.mtm.status).toBe("ok");
    expect(JSON.stringify(res.body)).not.toContain("refused"); // no internal messages
    // ... which go to the origin's log instead.
    expect(logLines).toContainEqual([
      "origin: pipeline step portfolio_returns failed:",
      expect.objectContaining({ message: "refused" }),
    ]);
  });
});

describe("POST /pipeline/backfill-returns", () => {
  it("inserts one row per day with P&L, then nothing the second time", async () => {
    const first = await o.post("/pipeline/backfill-returns", undefined, { role: "ADMIN" });
    expect(first.status).toBe(200);
    expect(first.body.rows_inserted).toBeGreaterThan(400);
    expect(first.body.total_rows).toBe(first.body.rows_inserted);
    expect(first.body.date_range.end).toBe(TEST_TODAY);
    const second = await o.post("/pipeline/backfill-returns", undefined, { role: "ADMIN" });
    expect(second.body).toMatchObject({ rows_inserted: 0, total_rows: first.body.total_rows });
  });
});
