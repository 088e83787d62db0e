// Portfolio routes (#1–#10): the book, positions, open/close/update-price, MTM and P&L views.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

const OPEN = {
  instrument: "IBOV_FUT",
  asset_class: "EQUITY",
  direction: "LONG",
  notional_brl: 2_000_000,
  execution_price: 120_000,
  manager_thesis: "Domestic equities re-rate",
  strategy_ids: ["EQUITY_MACRO"],
};

describe("GET /book", () => {
  it("answers the seeded book as of today: NAV, exposures and P&L that agree with each other", async () => {
    const { body, version } = await o.get("/book");
    expect(version).toBeGreaterThan(0);
    const s = body.summary;
    expect(s.as_of_date).toBe(TEST_TODAY);
    expect(s.open_positions).toBe(body.positions.length);
    expect(s.open_positions).toBeGreaterThanOrEqual(10);
    const gross = body.positions.reduce((a: number, p: any) => a + p.notional_brl, 0);
    expect(s.total_notional_brl).toBeCloseTo(gross, 2);
    expect(s.leverage).toBeCloseTo(gross / s.aum, 10);
    const classes = Object.values(body.by_asset_class) as any[];
    expect(classes.reduce((a, b) => a + b.count, 0)).toBe(s.open_positions);
    expect(body.positions.every((p: any) => p.is_open && p.price_stale === false)).toBe(true);
  });

  it("as_of_date gives the book of that day; impossible dates are 422", async () => {
    const past = await o.get("/book?as_of_date=2026-06-30");
    expect(past.status).toBe(200);
    expect(past.body.summary.as_of_date).toBe("2026-06-30");
    expect(past.body.summary.aum).not.toBe((await o.get("/book")).body.summary.aum);
    const bad = await o.get("/book?as_of_date=2026-02-30");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("as_of_date");
  });
});

describe("GET /book/positions", () => {
  it("filters by asset class (case-insensitive) and open state", async () => {
    const rates = await o.get("/book/positions?asset_class=rates");
    expect(rates.status).toBe(200);
    expect(rates.body.length).toBeGreaterThan(0);
    expect(rates.body.every((p: any) => p.asset_class === "RATES" && p.is_open)).toBe(true);
    const closed = await o.get("/book/positions?is_open=false");
    expect(closed.body.length).toBeGreaterThan(0);
    expect(closed.body.every((p: any) => !p.is_open && p.closed_at && p.realized_pnl_brl !== 0)).toBe(true);
    expect((await o.get("/book/positions?asset_class=BONDS")).status).toBe(422);
    expect((await o.get("/book/positions?is_open=yes")).status).toBe(422);
  });
});

describe("POST /book/positions/open", () => {
  it("opens a position (201), marks it at its execution price and journals it", async () => {
    const before = (await o.get("/book")).version;
    const res = await o.post("/book/positions/open", OPEN, { user: "pm@fund" });
    expect(res.status).toBe(201);
    expect(res.version).toBe(before + 1);
    expect(res.body).toMatchObject({
      instrument: "IBOV_FUT",
      direction: "LONG",
      is_open: true,
      entry_date: TEST_TODAY,
      current_price: 120_000,
    });
    expect(res.body.transaction_cost_brl).toBeCloseTo(2_000_000 * 1.5e-4, 6);
    const book = await o.get("/book");
    expect(book.body.positions.map((p: any) => p.id)).toContain(res.body.id);
    const journal = await o.get(`/journal?position_id=${res.body.id}`);
    expect(journal.body).toHaveLength(1);
    expect(journal.body[0]).toMatchObject({
      entry_type: "OPEN",
      author: "pm@fund",
      manager_notes: OPEN.manager_thesis,
    });
  });

  it("back-dated entries get their P&L history from the MTM engine", async () => {
    const res = await o.post("/book/positions/open", { ...OPEN, entry_date: "2026-11-02" });
    expect(res.status).toBe(201);
    const curve = await o.get("/pnl/equity-curve?start_date=2026-11-02");
    expect(curve.status).toBe(200);
    expect(res.body.current_price).not.toBe(120_000); // marked at later closes
  });

  it.each([
    [{ ...OPEN, notional_brl: -5 }, "notional_brl"],
    [{ ...OPEN, notional_brl: "a lot" }, "notional_brl"],
    [{ ...OPEN, asset_class: "BONDS" }, "asset_class"],
    [{ ...OPEN, direction: "SIDEWAYS" }, "direction"],
    [{ ...OPEN, manager_thesis: "  ok  " }, "manager_thesis"],
    [{ ...OPEN, entry_date: "2026-13-01" }, "entry_date"],
    [{ ...OPEN, execution_price: 0 }, "execution_price"],
    [{ asset_class: "EQUITY" }, "instrument"],
    [{ ...OPEN, entry_date: "2026-12-31" }, "entry_date"],
  ])("refuses %j with 422 on %s and changes nothing", async (body, path) => {
    const before = (await o.get("/book")).version;
    const res = await o.post("/book/positions/open", body);
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    await o.expectUnchanged(res, 422, before);
  });
});

describe("POST /book/positions/{id}/close", () => {
  it("closes at a price: realized P&L = P&L − entry and exit costs, visible in today's P&L", async () => {
    const opened = (await o.post("/book/positions/open", OPEN)).body;
    const before = (await o.get("/book")).body.summary;
    const res = await o.post(`/book/positions/${opened.id}/close`, {
      close_price: 126_000,
      outcome_notes: "target hit",
    });
    expect(res.status).toBe(200);
    const cost = 2_000_000 * 1.5e-4;
    const expected = 2_000_000 * (126_000 / 120_000 - 1) - 2 * cost;
    expect(res.body).toMatchObject({ is_open: false, closed_at: TEST_TODAY, close_price: 126_000 });
    expect(res.body.realized_pnl_brl).toBeCloseTo(expected, 6);
    const after = (await o.get("/book")).body;
    expect(after.summary.pnl_today_brl - before.pnl_today_brl).toBeCloseTo(expected + cost, 4); // the entry cost was already in today's P&L
    expect(after.closed_today.map((p: any) => p.id)).toContain(opened.id);
  });

  it("closing twice is 409; unknown ids 404; bad ids and prices 422 — none changes anything", async () => {
    const id = (await o.get("/book/positions")).body[0].id;
    expect((await o.post(`/book/positions/${id}/close`, { close_price: 100 })).status).toBe(200);
    const before = (await o.get("/book")).version;
    await o.expectUnchanged(await o.post(`/book/positions/${id}/close`, { close_price: 100 }), 409, before);
    await o.expectUnchanged(await o.post("/book/positions/99999/close", { close_price: 100 }), 404, before);
    await o.expectUnchanged(await o.post("/book/positions/abc/close", { close_price: 100 }), 422, before);
    await o.expectUnchanged(await o.post(`/book/positions/${id + 1}/close`, { close_price: -1 }), 422, before);
    await o.expectUnchanged(await o.post(`/book/positions/${id + 1}/close`, {}), 422, before);
  });
});

describe("POST /book/positions/{id}/update-price", () => {
  it("re-marks one position and recomputes its P&L", async () => {
    const p = (await o.get("/book/positions?asset_class=EQUITY")).body[0];
    const res = await o.post(`/book/positions/${p.id}/update-price`, { price: p.current_price * 1.1 });
    expect(res.status).toBe(200);
    expect(res.body.current_price).toBeCloseTo(p.current_price * 1.1, 6);
    expect(res.body.unrealized_pnl_brl).not.toBeCloseTo(p.unrealized_pnl_brl, 0);
    const before = (await o.get("/book")).version;
    await o.expectUnchanged(await o.post(`/book/positions/${p.id}/update-price`, { price: 0 }), 422, before);
    await o.expectUnchanged(await o.post("/book/positions/424242/update-price", { price: 1 }), 404, before);
    const closed = (await o.get("/book/positions?is_open=false")).body[0];
    await o.expectUnchanged(await o.post(`/book/positions/${closed.id}/update-price`, { price: 1 }), 409, before);
  });
});

describe("POST /mtm", () => {
  it("marks every open position with the overrides and moves today's P&L", async () => {
    const book = (await o.get("/book")).body;
    const ibov = book.positions.find((p: any) => p.instrument === "IBOV_FUT");
    const res = await o.post("/mtm", { price_overrides: { ibov_fut: ibov.current_price * 1.02 } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.updated_count).toBe(book.summary.open_positions);
    const after = (await o.get("/book")).body;
    const move =
      ibov.notional_brl * 0.02 * (ibov.direction === "LONG" ? 1 : -1) * (ibov.current_price / ibov.entry_price);
    expect(after.summary.pnl_today_brl - book.summary.pnl_today_brl).toBeCloseTo(move, 2);
    const trend = (await o.get("/risk/trend?days=3")).body;
    expect(trend.at(-1).date).toBe(TEST_TODAY);
  });

  it("refuses unknown tickers and non-positive prices with 422", async () => {
    const before = (await o.get("/book")).version;
    await o.expectUnchanged(await o.post("/mtm", { price_overrides: { NOPE: 1 } }), 422, before);
    await o.expectUnchanged(await o.post("/mtm", { price_overrides: { ES: -1 } }), 422, before);
    await o.expectUnchanged(await o.post("/mtm", { price_overrides: [] }), 422, before);
    await o.expectUnchanged(await o.post("/mtm", { fx_rate: 0 }), 422, before);
  });
});

describe("P&L views", () => {
  it("GET /pnl/summary is the book's summary", async () => {
    const [summary, book] = await Promise.all([o.get("/pnl/summary"), o.get("/book")]);
    expect(summary.body).toEqual({ status: "ok", data: book.body.summary });
  });

  it("GET /pnl/equity-curve ends at the cumulative P&L (NAV − capital)", async () => {
    const curve = (await o.get("/pnl/equity-curve")).body;
    const aum = (await o.get("/book")).body.summary.aum;
    expect(curve.at(-1).snapshot_date).toBe(TEST_TODAY);
    expect(curve.at(-1).cumulative_pnl_brl).toBeCloseTo(aum - 100_000_000, 4);
    expect((await o.get("/pnl/equity-curve?start_date=2026-11-10&end_date=2026-11-01")).status).toBe(422);
  });

  it("GET /pnl/attribution sums to lifetime P&L; GET /pnl/monthly-heatmap to the same", async () => {
    const aum = (await o.get("/book")).body.summary.aum;
    const attr = (await o.get("/pnl/attribution")).body.data;
    const sum = (o: Record<string, { pnl_brl: number }>) => Object.values(o).reduce((a, b) => a + b.pnl_brl, 0);
    expect(sum(attr.by_instrument)).toBeCloseTo(aum - 100_000_000, 2);
    expect(sum(attr.by_strategy)).toBeCloseTo(aum - 100_000_000, 2);
    const months = (await o.get("/pnl/monthly-heatmap")).body.data.months;
    expect(months.reduce((a: number, m: any) => a + m.pnl_brl, 0)).toBeCloseTo(aum - 100_000_000, 2);
  });
});
