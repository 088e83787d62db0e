// A manager's day through HTTP, and the invariants that tie the routes together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "./testing/origin-harness.ts";

let o: TestOrigin;
beforeAll(async () => {
  o = await startTestOrigin();
});
afterAll(() => o.close());

const CAPITAL = 100_000_000;
const sum = (b: Record<string, { pnl_brl: number }>) => Object.values(b).reduce((a, x) => a + x.pnl_brl, 0);
const manager = { user: "pm@fund" };

describe("a manager's day", () => {
  it("MTM → approve → the new position everywhere → close → realized P&L in today's P&L and attribution", async () => {
    // 1. Morning: the book as seeded.
    const start = (await o.get("/book")).body.summary;

    // 2. MTM with an override: today's P&L moves by exactly the repricing of that instrument.
    const es = (await o.get("/book")).body.positions.find((p: any) => p.instrument === "ES");
    const mtm = await o.post("/mtm", { price_overrides: { ES: es.current_price * 0.97 } }, manager);
    expect(mtm.body.updated_count).toBe(start.open_positions);
    const marked = (await o.get("/book")).body.summary;
    const esMove =
      ((es.notional_brl * (-0.03 * es.current_price)) / es.entry_price) * (es.direction === "LONG" ? 1 : -1);
    expect(marked.pnl_today_brl - start.pnl_today_brl).toBeCloseTo(esMove, 2);
    expect(marked.aum - start.aum).toBeCloseTo(esMove, 2);

    // 3. Approve a pending proposal.
    const proposal = (await o.get("/trades/proposals?status=PENDING")).body.find((p: any) => !p.is_flip);
    const price =
      (await o.get("/book/positions")).body.find((p: any) => p.instrument === proposal.instrument)?.current_price ??
      100;
    const gross0 = (await o.get("/risk/live")).body.leverage.gross_notional_brl;
    const daily0 = (await o.get("/attribution?period=daily")).body;
    const approved = await o.post(
      `/trades/proposals/${proposal.id}/approve`,
      { execution_price: price, execution_notional_brl: 4_000_000 },
      manager,
    );
    expect(approved.body.status).toBe("APPROVED");
    const id = approved.body.position_id;

    // 4. The new position is in the book, the live risk, today's attribution and the journal.
    const book = (await o.get("/book")).body;
    expect(book.positions.some((p: any) => p.id === id)).toBe(true);
    expect(book.summary.open_positions).toBe(start.open_positions + 1);
    const risk = (await o.get("/risk/live")).body;
    expect(risk.leverage.gross_notional_brl).toBeCloseTo(gross0 + 4_000_000, 2);
    const daily1 = (await o.get("/attribution?period=daily")).body;
    expect(daily1.by_instrument[proposal.instrument].positions).toBe(
      (daily0.by_instrument[proposal.instrument]?.positions ?? 0) + 1,
    );
    expect(daily1.by_trade_type.NEW.positions).toBe((daily0.by_trade_type.NEW?.positions ?? 0) + 1);
    const journal = (await o.get(`/journal?position_id=${id}`)).body;
    expect(journal).toEqual([
      expect.objectContaining({ entry_type: "OPEN", proposal_id: proposal.id, author: "pm@fund" }),
    ]);

    // 5. Close it higher: realized P&L reaches today's P&L and the attribution.
    const beforeClose = (await o.get("/book")).body.summary;
    const closed = await o.post(
      `/book/positions/${id}/close`,
      { close_price: price * 1.01, manager_notes: "quick gain" },
      manager,
    );
    expect(closed.status).toBe(200);
    const realized = closed.body.realized_pnl_brl;
    expect(realized).not.toBe(0);
    const afterClose = (await o.get("/book")).body;
    expect(afterClose.closed_today.some((p: any) => p.id === id)).toBe(true);
    expect(afterClose.summary.total_realized_pnl_brl - beforeClose.total_realized_pnl_brl).toBeCloseTo(realized, 6);
    // Opened and closed today: the position adds exactly its realized P&L to today's P&L
    // (while open and unmoved it had cost today its entry cost).
    expect(beforeClose.pnl_today_brl - daily0.total_pnl_brl).toBeCloseTo(-closed.body.transaction_cost_brl / 2, 4);
    expect(afterClose.summary.pnl_today_brl - daily0.total_pnl_brl).toBeCloseTo(realized, 4);
    const daily2 = (await o.get("/attribution?period=daily")).body;
    expect(daily2.total_pnl_brl).toBeCloseTo(afterClose.summary.pnl_today_brl, 4);
    expect(daily2.by_trade_type.CLOSED.pnl_brl).toBeCloseTo(realized, 4);
    expect((await o.get(`/journal?position_id=${id}&entry_type=CLOSE`)).body).toHaveLength(1);
  });
});

describe("numbers agree", () => {
  it.each(["daily", "wtd", "mtd", "qtd", "ytd", "inception"])(
    "Σ attribution by instrument = total P&L of the %s window",
    async (period) => {
      const a = (await o.get(`/attribution?period=${period}`)).body;
      expect(sum(a.by_instrument)).toBeCloseTo(a.total_pnl_brl, 4);
      expect(sum(a.by_strategy)).toBeCloseTo(a.total_pnl_brl, 4);
    },
  );

  it("book NAV = capital + cumulative P&L = the equity curves' ends", async () => {
    const s = (await o.get("/book")).body.summary;
    const pnl = (await o.get("/pnl/equity-curve")).body;
    expect(s.aum).toBeCloseTo(CAPITAL + pnl.at(-1).cumulative_pnl_brl, 4);
    const eq = (await o.get("/attribution/equity-curve")).body;
    expect(eq.at(-1).date).toBe(TEST_TODAY);
    expect(eq.at(-1).equity_brl).toBeCloseTo(s.aum, 4);
    expect((await o.get("/attribution?period=inception")).body.total_pnl_brl).toBeCloseTo(s.aum - CAPITAL, 3);
  });

  it("VaR99 ≥ VaR95 > 0, and every alert is a non-OK limit of limits_summary", async () => {
    const r = (await o.get("/risk/live")).body;
    expect(r.var.var_95_brl).toBeGreaterThan(0);
    expect(r.var.var_99_brl).toBeGreaterThanOrEqual(r.var.var_95_brl);
    const byName = new Map(r.limits_summary.limits.map((l: any) => [l.name, l.status]));
    expect(r.alerts.length).toBeGreaterThan(0);
    for (const a of r.alerts) expect(byName.get(a.limit)).toBe(a.severity);
  });
});
