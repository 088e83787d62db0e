import { describe, expect, it } from "vitest";
import {
  effectiveStatus,
  expiresOn,
  type ProposalLife,
  pendingKnownAt,
  withoutDuplicates,
} from "./proposal-lifecycle.ts";

const life = (over: Partial<ProposalLife>): ProposalLife => ({
  instrument: "ES",
  direction: "LONG",
  status: "PENDING",
  as_of_date: "2026-11-20",
  expires_on: "2026-11-23",
  created_at: "2026-11-20T13:00:00.000Z",
  reviewed_at: null,
  ...over,
});

describe("proposal lifecycle", () => {
  it("a proposal can be reviewed on its date and the next business day", () => {
    // Friday 20 Nov 2026 → Monday 23 (the weekend is skipped).
    expect(expiresOn("2026-11-20")).toBe("2026-11-23");
    expect(effectiveStatus(life({}), "2026-11-23")).toBe("PENDING");
    expect(effectiveStatus(life({}), "2026-11-24")).toBe("EXPIRED");
    expect(effectiveStatus(life({ status: "REJECTED" }), "2026-11-24")).toBe("REJECTED");
  });

  it("drops drafts that repeat a live proposal or one rejected for the same date", () => {
    const drafts = [
      { instrument: "ES", direction: "LONG" as const, as_of_date: "2026-11-23" },
      { instrument: "ES", direction: "SHORT" as const, as_of_date: "2026-11-23" },
      { instrument: "ZN", direction: "LONG" as const, as_of_date: "2026-11-23" },
      { instrument: "UST_10Y", direction: "LONG" as const, as_of_date: "2026-11-23" },
    ];
    const existing = [
      life({}), // ES LONG pending until the 23rd: repeated
      life({ instrument: "ZN", status: "REJECTED", as_of_date: "2026-11-23" }), // just rejected
      life({ instrument: "UST_10Y", as_of_date: "2026-11-18", expires_on: "2026-11-19" }), // expired
    ];
    expect(withoutDuplicates(drafts, existing).map((d) => `${d.instrument} ${d.direction}`)).toEqual([
      "ES SHORT",
      "UST_10Y LONG",
    ]);
  });

  it("a morning pack of a date lists what was known and pending at the end of it", () => {
    // São Paulo is UTC−3: 02:30 UTC on the 21st is still the 20th there.
    const late = life({ created_at: "2026-11-21T02:30:00.000Z" });
    expect(pendingKnownAt(late, "2026-11-20")).toBe(true);
    expect(pendingKnownAt(life({ created_at: "2026-11-21T13:00:00.000Z" }), "2026-11-20")).toBe(false);
    expect(pendingKnownAt(life({ as_of_date: "2026-11-23" }), "2026-11-20")).toBe(false);
    // Rejected the next day: still pending in the 20th's pack, not in the 23rd's.
    const rejected = life({ status: "REJECTED", reviewed_at: "2026-11-23T14:00:00.000Z" });
    expect(pendingKnownAt(rejected, "2026-11-20")).toBe(true);
    expect(pendingKnownAt(rejected, "2026-11-23")).toBe(false);
    expect(pendingKnownAt(life({}), "2026-11-24")).toBe(false); // expired by then
  });
});
