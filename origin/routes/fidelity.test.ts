// Route-level checks of the origin's fidelity fixes: pre-trade checks on open and approve,
// future dates refused, one FX rate per MTM, and the proposals' lifecycle (no duplicates,
// expiry, morning packs that list only what was known at their date).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import { DEFAULT_LIMITS } from "../domain/limits.ts";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

const YESTERDAY = "2026-11-24";
const signal = (instrument: string, asset_class: string, direction = "LONG", conviction = 0.8) => ({
  instrument,
  asset_class,
  direction,
  conviction,
});

describe("pre-trade checks", () => {
  it("approving a notional beyond 1× NAV is refused with 422 naming the limit, and nothing changes", async () => {
    const [p] = (await o.get("/trades/proposals?status=PENDING")).body;
    const before = (await o.get("/book")).version;
    const res = await o.post(`/trades/proposals/${p.id}/approve`, {
      execution_price: 100,
      execution_notional_brl: 9e11,
    });
    await o.expectUnchanged(res, 422, before);
    expect(res.body.detail).toContain("max_position_notional");
    expect(res.body.errors[0].path).toBe("execution_notional_brl");
    expect((await o.get(`/trades/proposals/${p.id}`)).body.status).toBe("PENDING");
  });

  it("opening beyond the multiple of NAV, or past the gross leverage limit, is refused", async () => {
    const open = (notional: number) =>
      o.post("/book/positions/open", {
        instrument: "IBOV_FUT",
        asset_class: "EQUITY",
        direction: "LONG",
        notional_brl: notional,
        execution_price: 120_000,
        manager_thesis: "pre-trade check",
      });
    const before = (await o.get("/book")).version;
    const huge = await open(9e11);
    await o.expectUnchanged(huge, 422, before);
    expect(huge.body.detail).toContain("max_position_notional");
    expect((await open(1_000_000)).status).toBe(201);
    await o.close();
    // The demo book runs about 2x gross: with a 2.1x limit, 30 M more breaches it.
    o = await startTestOrigin({
      config: { ...DEFAULT_CONFIG, limits: { ...DEFAULT_LIMITS, gross_leverage: 2.1 } },
    });
    const v = (await o.get("/book")).version;
    const lev = await open(30_000_000);
    await o.expectUnchanged(lev, 422, v);
    expect(lev.body.detail).toContain("gross_leverage");
  });
});

describe("a future as_of_date", () => {
  it("is refused with 422 by the Book, the live risk and attribution", async () => {
    for (const path of [
      "/book?as_of_date=2030-01-01",
      "/risk/live?as_of_date=2030-01-01",
      "/attribution?period=mtd&as_of_date=2030-01-01",
    ]) {
      const res = await o.get(path);
      expect(res.status, path).toBe(422);
      expect(
        res.body.errors.map((e: any) => e.path),
        path,
      ).toEqual(["as_of_date"]);
    }
    // After the fund's (fixed) today but not after the clock's: the origin's own check.
    const tomorrow = await o.get("/book?as_of_date=2026-11-26");
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.errors).toEqual([{ path: "as_of_date", message: `must be on or before ${TEST_TODAY}` }]);
    expect((await o.get(`/book?as_of_date=${TEST_TODAY}`)).status).toBe(200);
  });
});

describe("POST /mtm with fx_rate", () => {
  it("uses that one rate for every USD figure of the day", async () => {
    const res = await o.post("/mtm", { price_overrides: {}, fx_rate: 6.25 });
    expect(res.status).toBe(200);
    for (const p of res.body.positions) expect(p.unrealized_pnl_usd).toBeCloseTo(p.unrealized_pnl_brl / 6.25, 6);
    const { body: book } = await o.get("/book");
    for (const p of book.positions) expect(p.unrealized_pnl_usd).toBeCloseTo(p.unrealized_pnl_brl / 6.25, 6);
    expect(book.summary.pnl_today_usd).toBeCloseTo(book.summary.pnl_today_brl / 6.25, 6);
    // An open later that day is marked at the same rate.
    const opened = await o.post("/book/positions/open", {
      instrument: "ES",
      asset_class: "EQUITY",
      direction: "LONG",
      notional_brl: 1_000_000,
      execution_price: 5_000,
      manager_thesis: "marked at the day's rate",
    });
    expect(opened.status).toBe(201);
    const after = (await o.get("/book")).body.summary;
    expect(after.pnl_today_usd).toBeCloseTo(after.pnl_today_brl / 6.25, 6);
  });
});

describe("proposals", () => {
  it("are not proposed twice while pending, nor again on the day they were rejected", async () => {
    const signals = [signal("ZN", "SOVEREIGN", "SHORT"), signal("ES", "EQUITY", "SHORT", 0.7)];
    const first = await o.post("/trades/proposals/generate", { signals });
    expect(first.body.map((p: any) => p.instrument)).toEqual(["ZN", "ES"]);
    const again = await o.post("/trades/proposals/generate", { signals });
    expect(again.status).toBe(200);
    expect(again.body).toEqual([]);
    const zn = first.body[0];
    expect((await o.post(`/trades/proposals/${zn.id}/reject`, { manager_notes: "not today" })).status).toBe(200);
    const afterReject = await o.post("/trades/proposals/generate", { signals });
    expect(afterReject.body).toEqual([]);
    const pending = (await o.get("/trades/proposals?status=PENDING")).body;
    expect(pending.filter((p: any) => p.instrument === "ZN" && p.direction === "SHORT")).toEqual([]);
    expect(pending.filter((p: any) => p.instrument === "ES" && p.direction === "SHORT")).toHaveLength(1);
  });

  it("expire after the next business day: listed as EXPIRED, and reviewing one is a 409", async () => {
    const res = await o.post("/trades/proposals/generate", {
      signals: [signal("UST_10Y", "SOVEREIGN")],
      as_of_date: "2026-11-20",
    });
    const [p] = res.body;
    expect(p).toMatchObject({ status: "EXPIRED", expires_on: "2026-11-23" });
    expect((await o.get("/trades/proposals?status=PENDING")).body.map((x: any) => x.id)).not.toContain(p.id);
    expect((await o.get("/trades/proposals?status=EXPIRED")).body.map((x: any) => x.id)).toContain(p.id);
    const before = (await o.get("/book")).version;
    const approve = await o.post(`/trades/proposals/${p.id}/approve`, {
      execution_price: 96,
      execution_notional_brl: 1_000_000,
    });
    await o.expectUnchanged(approve, 409, before);
    expect(approve.body.detail).toContain("expired on 2026-11-23");
  });

  it("a morning pack lists only the proposals known and pending at its date", async () => {
    const all = (await o.get("/trades/proposals")).body as any[];
    const today = all.filter((p) => p.as_of_date === TEST_TODAY);
    expect(today.length).toBeGreaterThan(0);
    const pack = await o.post("/morning-pack/generate", { briefing_date: YESTERDAY, force: true });
    expect(pack.status).toBe(200);
    const listed = pack.body.trade_proposals.map((p: any) => p.id);
    for (const p of today) expect(listed).not.toContain(p.id);
    // Yesterday's proposals that were pending at the end of yesterday are there; the one
    // rejected yesterday is not.
    const yesterday = all.filter((p) => p.as_of_date === YESTERDAY);
    expect(listed.sort()).toEqual(
      yesterday
        .filter((p) => p.status === "PENDING")
        .map((p) => p.id)
        .sort(),
    );
    expect(yesterday.some((p) => p.status === "REJECTED")).toBe(true);
  });
});
