// Risk monitor routes (#25–#29): live risk, trend, limits, emergency stop.

import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import { reposOf } from "../db/repos.ts";
import { isOpenOn } from "../domain/book.ts";
import { lastBusinessDays } from "../domain/calendar.ts";
import { indexPrices } from "../domain/mtm.ts";
import type { PriceBar } from "../domain/types.ts";
import { computeVar, VAR_LOOKBACK_DAYS } from "../domain/var.ts";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

describe("GET /risk/live", () => {
  it("answers VaR, leverage, drawdown, concentration, stress tests, limits and alerts that agree", async () => {
    const { body: r } = await o.get("/risk/live");
    const book = (await o.get("/book")).body.summary;
    expect(r.as_of_date).toBe(TEST_TODAY);
    expect(r.var.var_95_brl).toBeGreaterThan(0);
    expect(r.var.var_99_brl).toBeGreaterThanOrEqual(r.var.var_95_brl);
    expect(r.var.parametric.var_99_brl).toBeGreaterThanOrEqual(r.var.parametric.var_95_brl);
    expect(r.var.observations).toBe(252);
    expect(r.leverage.gross).toBeCloseTo(book.leverage, 10);
    expect(r.leverage.nav_brl).toBeCloseTo(book.aum, 4);
    expect(r.stress_tests.length).toBeGreaterThanOrEqual(5);
    for (const s of r.stress_tests)
      expect(s).toMatchObject({
        scenario: expect.any(String),
        description: expect.any(String),
        pnl_brl: expect.any(Number),
        pnl_pct: expect.any(Number),
      });
    // Every alert is a limit of limits_summary in the same non-OK state; one alert per limit.
    const limits = new Map(r.limits_summary.limits.map((l: any) => [l.name, l]));
    const names = r.alerts.map((a: any) => a.limit);
    expect(new Set(names).size).toBe(names.length);
    for (const a of r.alerts) {
      const limit: any = limits.get(a.limit);
      expect(limit).toBeDefined();
      expect(a.severity).toBe(limit.status);
    }
    expect(r.alerts.length).toBeGreaterThan(0); // the seeded book runs RATES near its concentration limit
    expect(r.alerts.length).toBe([...limits.values()].filter((l: any) => l.status !== "OK").length);
  });

  it("as_of_date gives the risk of that day; a bad date is 422", async () => {
    const past = await o.get("/risk/live?as_of_date=2026-03-02");
    expect(past.body.as_of_date).toBe("2026-03-02");
    expect(past.body.var.var_95_brl).not.toBe((await o.get("/risk/live")).body.var.var_95_brl);
    expect((await o.get("/risk/live?as_of_date=tomorrow")).status).toBe(422);
  });

  it("breached limits (a tiny VaR limit from env-like config) raise BREACHED alerts", async () => {
    const strict = await startTestOrigin({
      config: { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, var95_pct_nav: 0.1 } },
    });
    try {
      const r = (await strict.get("/risk/live")).body;
      expect(r.limits_summary.overall_status).toBe("BREACHED");
      expect(r.alerts.some((a: any) => a.limit === "var_95" && a.severity === "BREACHED")).toBe(true);
      expect((await strict.get("/risk/limits")).body.config.var95_pct_nav).toBe(0.1);
    } finally {
      await strict.close();
    }
  });
});

describe("GET /risk/trend and /risk/limits", () => {
  it("trend: one point per marked day within the window", async () => {
    const trend = (await o.get("/risk/trend?days=30")).body;
    expect(trend.length).toBeGreaterThan(10);
    const dates = trend.map((p: any) => p.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.at(-1)).toBe(TEST_TODAY);
    expect(trend[0]).toMatchObject({
      var_95: expect.any(Number),
      var_99: expect.any(Number),
      leverage_gross: expect.any(Number),
      drawdown_pct: expect.any(Number),
      alert_count: expect.any(Number),
      overall_status: expect.stringMatching(/OK|WARNING|BREACHED/),
    });
    await o.post("/mtm", {});
    await o.post("/mtm", {});
    expect((await o.get("/risk/trend?days=30")).body).toHaveLength(trend.length);
    expect((await o.get("/risk/trend?days=1")).body.length).toBeLessThanOrEqual(2);
    expect((await o.get("/risk/trend?days=400")).status).toBe(422);
  });

  it("limits: config and summary, no side effects", async () => {
    const before = (await o.get("/book")).version;
    const res = await o.get("/risk/limits");
    expect(res.body.config).toEqual(DEFAULT_CONFIG.limits);
    expect(res.body.limits_summary).toEqual((await o.get("/risk/live")).body.limits_summary);
    expect(res.version).toBe(before);
  });
});

describe("emergency stop", () => {
  it("activates (persisted, journaled, activated_by = PMS-User) and resets", async () => {
    const res = await o.post(
      "/risk/emergency-stop",
      { reason: "liquidity event", manager_confirmation: true },
      { role: "RISK_OFFICER", user: "cro@fund" },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "emergency_stop_activated",
      reason: "liquidity event",
      activated_by: "cro@fund",
    });
    const event = (await o.get("/journal?entry_type=SYSTEM_EVENT")).body[0];
    expect(event).toMatchObject({ author: "cro@fund" });
    expect(
      (await o.post("/risk/emergency-stop", { reason: "again", manager_confirmation: true }, { role: "RISK_OFFICER" }))
        .status,
    ).toBe(409);
    const reset = await o.post("/risk/emergency-stop/reset", undefined, { user: "pm@fund" });
    expect(reset.body).toMatchObject({
      status: "ok",
      data: { reset: true, manager: "pm@fund", proposals_frozen: false, stop_active: false },
    });
  });

  it("validates reason and confirmation", async () => {
    const before = (await o.get("/book")).version;
    for (const body of [
      { reason: "  ", manager_confirmation: true },
      { reason: "x", manager_confirmation: false },
      { manager_confirmation: true },
    ]) {
      const res = await o.post("/risk/emergency-stop", body, { role: "RISK_OFFICER" });
      expect(res.status).toBe(422);
      expect(res.version).toBe(before);
    }
  });
});

describe("live risk reads only the closes its VaR window needs", () => {
  it("gives the same VaR as over every stored close", async () => {
    const db = new Database(o.dbPath, { readonly: true });
    try {
      const repos = reposOf(db);
      const open = repos.positions.list().filter((p) => isOpenOn(p, TEST_TODAY));
      const over = (bars: PriceBar[]) =>
        computeVar({ positions: open, index: indexPrices(bars), asOf: TEST_TODAY, navBrl: 1e8 });
      const from = lastBusinessDays(TEST_TODAY, VAR_LOOKBACK_DAYS + 1)[0]!;
      const windowed = over(repos.market.closesBetween(from, TEST_TODAY));
      expect(windowed.historical.var_95_brl).toBeGreaterThan(0);
      expect(windowed).toEqual(over(repos.market.closes(TEST_TODAY)));
    } finally {
      db.close();
    }
  });
});

describe("POST /risk/stress-test", () => {
  const shocks = [
    { asset_class: "RATES", shift_bp: 100 },
    { instrument: "USDBRL", shift_pct: 10 },
    { factor: "credit_spread", shift_bp: 50 },
  ];

  it("answers a VIEWER with the named scenarios' shape plus by_position, and writes nothing", async () => {
    const before = (await o.get("/book")).version;
    const res = await o.post("/risk/stress-test", { name: "desk shock", shocks }, { role: "VIEWER" });
    expect(res.status).toBe(200);
    expect(res.version).toBe(before);
    expect((await o.get("/book")).version).toBe(before);
    const r = res.body;
    expect(r).toMatchObject({
      scenario: "desk shock",
      description: expect.stringContaining("RATES +100 bp"),
      as_of_date: TEST_TODAY,
      pnl_brl: r.total_pnl_brl,
      pnl_pct: r.pnl_pct_nav,
    });
    expect(r.by_position.length).toBeGreaterThan(0);
    const sum = r.by_position.reduce((a: number, p: any) => a + p.pnl_brl, 0);
    expect(r.total_pnl_brl).toBeCloseTo(sum, 6);
    expect(r.pnl_pct_nav).toBeCloseTo((r.total_pnl_brl / r.nav_brl) * 100, 10);
    // Every open RATES position is there, repriced through the PU formula (rates up: long PU loses).
    const book = (await o.get("/book")).body;
    const rates = book.positions.filter((p: any) => p.asset_class === "RATES").map((p: any) => p.id);
    const rows = r.by_position.filter((p: any) => p.asset_class === "RATES");
    expect(rows.map((p: any) => p.position_id).sort()).toEqual(rates.sort());
    for (const p of rows) expect(Math.sign(p.pnl_brl)).toBe(p.direction === "LONG" ? -1 : 1);
    const cds = r.by_position.find((p: any) => p.instrument === "CDS_BR_5Y");
    expect(cds).toMatchObject({ moved_by: "spread", shift_bp: 50 });
  });

  it("refuses bad shocks with 422 problem+json naming the field", async () => {
    const before = (await o.get("/book")).version;
    const cases: Array<[unknown, string]> = [
      [{ shocks: [] }, "shocks"],
      [{ shocks: [{ asset_class: "RATES", instrument: "DI1F28", shift_bp: 10 }] }, "shocks.0"],
      [{ shocks: [{ asset_class: "RATES" }] }, "shocks.0"],
      [{ shocks: [{ asset_class: "RATES", shift_bp: 10, shift_pct: 1 }] }, "shocks.0"],
      [{ shocks: [{ asset_class: "STOCKS", shift_pct: 1 }] }, "shocks.0.asset_class"],
      [{ shocks: [{ instrument: "USDBRL", shift_pct: -100 }] }, "shocks.0.shift_pct"],
      [{ shocks: [{ asset_class: "RATES", shift_bp: 10, typo: 1 }] }, "shocks.0"],
      [
        {
          shocks: [
            { asset_class: "RATES", shift_bp: 10 },
            { asset_class: "rates", shift_bp: 20 },
          ],
        },
        "shocks.1",
      ],
      [{ shocks: [{ instrument: "NOPE", shift_pct: 1 }] }, "shocks.0.instrument"],
      [{ shocks: [{ factor: "weather", shift_pct: 1 }] }, "shocks.0.factor"],
    ];
    for (const [body, path] of cases) {
      const res = await o.post("/risk/stress-test", body, { role: "VIEWER" });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(
        res.body.errors.map((e: any) => e.path),
        JSON.stringify(body),
      ).toContain(path);
      expect(res.version).toBe(before);
    }
  });
});
