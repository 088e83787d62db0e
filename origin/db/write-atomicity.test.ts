// One transaction per write: a failure half-way through a write leaves the database (and the
// data version) exactly as before. The fault is injected inside the write transaction, after the
// route has done all its inserts and updates and just before the version bump.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestOrigin, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

/** Row counts and a checksum of every table: what "unchanged" means. */
function fingerprint(path: string): Record<string, unknown> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => {
        const rows = db.prepare(`SELECT * FROM ${name}`).all();
        return [name, JSON.stringify(rows)];
      }),
    );
  } finally {
    db.close();
  }
}

const WRITES: Array<[string, string, unknown, "MANAGER" | "RISK_OFFICER" | "ADMIN"]> = [
  [
    "open",
    "/book/positions/open",
    {
      instrument: "ES",
      asset_class: "EQUITY",
      direction: "LONG",
      notional_brl: 1e6,
      execution_price: 5000,
      manager_thesis: "hedge beta",
      strategy_ids: [],
    },
    "MANAGER",
  ],
  ["close", "/book/positions/2/close", { close_price: 90_000 }, "MANAGER"],
  ["mtm", "/mtm", { price_overrides: { ES: 6000 } }, "MANAGER"],
  ["proposal-approve", "/trades/proposals/3/approve", { execution_price: 1, execution_notional_brl: 1e6 }, "MANAGER"],
  ["journal-outcome", "/journal/1/outcome", { outcome_notes: "it worked" }, "MANAGER"],
  ["emergency-stop", "/risk/emergency-stop", { reason: "halt", manager_confirmation: true }, "RISK_OFFICER"],
  ["pipeline", "/pipeline/trigger", undefined, "ADMIN"],
];

describe("a write that fails half-way", () => {
  it.each(WRITES)(
    "%s: answers 500 (generic body) and leaves every table and the version as before",
    async (label, path, body, role) => {
      const before = fingerprint(o.dbPath);
      const version = (await o.get("/book")).version;
      o.hooks.beforeCommit = (l) => {
        if (l === label) throw new Error("injected fault: disk on fire");
      };
      // The failure is expected: capture its log line (asserted below) instead of printing it.
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const res = await o.post(path, body, { role });
      const logLines = logged.mock.calls.slice();
      logged.mockRestore();
      o.hooks.beforeCommit = undefined;
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ status: 500, title: "Internal error", detail: "internal error" });
      expect(JSON.stringify(res.body)).not.toContain("disk on fire");
      // The cause the body hides is in the origin's log.
      expect(logLines).toContainEqual([
        expect.stringContaining(`${path} failed:`),
        expect.objectContaining({ message: "injected fault: disk on fire" }),
      ]);
      expect(res.version).toBe(version);
      expect(fingerprint(o.dbPath)).toEqual(before);
      // The same write succeeds once the fault is gone, and bumps the version by exactly one.
      const ok = await o.post(path, body, { role });
      expect(ok.status).toBeLessThan(300);
      expect(ok.version).toBe(version + 1);
    },
  );
});
