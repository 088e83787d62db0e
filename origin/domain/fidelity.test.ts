// Hand-checked figures behind the origin's domain conventions (origin/README.md §Domain
// conventions): DI1 settles against the CDI, CDS move by spread duration, a non-positive NAV
// breaches every NAV-relative limit, drawdown is measured from the running peak, and the
// pre-trade check names the limit a trade would breach. Every expected number is worked out
// by hand in the comment above it.
import { describe, expect, it } from "vitest";
import { positionState } from "../testing/position-state.ts";
import { addBusinessDays, businessDaysBetween } from "./calendar.ts";
import { concentration } from "./concentration.ts";
import { drawdown } from "./drawdown.ts";
import { attributionEquityCurve } from "./equity-curve.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { assembleLiveRisk } from "./live-risk.ts";
import { indexPrices, runMtmRange } from "./mtm.ts";
import { navSeries, perNav } from "./nav.ts";
import { preTradeBreach } from "./pre-trade.ts";
import { cdiAccrual, cdsPnl, cdsSpreadDuration, cs01, diSettlement, pnlBrl } from "./pricing.ts";
import { runStressTests } from "./stress.ts";
import type { PositionState, PriceBar } from "./types.ts";
import { computeVar } from "./var.ts";

/** A DI1-like long unless a case says otherwise. */
const position = (over: Parameters<typeof positionState>[0]): PositionState =>
  positionState({
    asset_class: "RATES",
    price_kind: "PU",
    notional_brl: 10_000_000,
    entry_price: 90_000,
    entry_date: "2026-03-02",
    ...over,
  });

describe("DI1 settles against the CDI", () => {
  it("one day: 100 contracts × (90,050 − 90,000 × 1.12^(1/252)) = 951.64 BRL", () => {
    // 1.12^(1/252) = 1.00044982; 90,000 × that = 90,040.4836; 90,050 − 90,040.4836 = 9.5164 per contract.
    const p = position({ id: 1, instrument: "DI1F28" });
    const accrual = cdiAccrual("2026-03-02", "2026-03-03", () => 12);
    expect(accrual).toBeCloseTo(1.00044982, 8);
    expect(diSettlement(p, 90_000, 90_050, accrual)).toBeCloseTo(951.64, 2);
    // The PU's change alone would have called 5,000 BRL profit.
    expect(pnlBrl(p, 90_050)).toBeCloseTo(5_000, 6);
  });

  it("a weekend accrues one business day (CDI of Friday), a holiday none more", () => {
    // 2026-03-06 is a Friday: Friday → Monday is one business day of CDI.
    expect(cdiAccrual("2026-03-06", "2026-03-09", () => 12)).toBeCloseTo(1.12 ** (1 / 252), 12);
    expect(cdiAccrual("2026-03-09", "2026-03-09", () => 12)).toBe(1);
  });

  it("a DI1 whose implied rate stays equal to the CDI for a month makes ≈ 0 a day", () => {
    // PU_t = PU_0 × 1.12^(t/252): the PU accretes exactly at a 12 % CDI, so every settlement is 0
    // within the 2-decimal rounding of the stored PUs (today's and yesterday's: 2 × 0.005 × 100
    // contracts = 1 BRL a day at most).
    const days = businessDaysBetween("2026-03-02", addBusinessDays("2026-03-02", 21));
    const bars: PriceBar[] = days.flatMap((date, t) => [
      { ticker: "DI1F28", date, close: Math.round(90_000 * 1.12 ** (t / 252) * 100) / 100 },
      { ticker: "CDI", date, close: 12 },
    ]);
    const p = position({ id: 1, instrument: "DI1F28" });
    const snaps = runMtmRange({ positions: [p], index: indexPrices(bars), start: days[0]!, end: days.at(-1)! });
    expect(snaps).toHaveLength(22);
    // Day 1 books the entry cost (1 bp of 10 M = 1,000 BRL); afterwards nothing.
    expect(snaps[0]!.daily_pnl_brl).toBeCloseTo(-1_000, 6);
    for (const s of snaps.slice(1)) expect(Math.abs(s.daily_pnl_brl)).toBeLessThanOrEqual(1);
    const month = snaps.slice(1).reduce((a, s) => a + s.daily_pnl_brl, 0);
    expect(Math.abs(month)).toBeLessThan(2);
    // Whereas the PU itself rose by about 90,000 × (1.12^(21/252) − 1) ≈ 853 per contract.
    expect(snaps.at(-1)!.price - 90_000).toBeGreaterThan(850);
  });

  it("a rally on top of the accrual is profit; the close books the chained settlements", () => {
    // Day 2: PU 90,100 against 90,040.48 accrued: +59.52 × 100 contracts = 5,951.64.
    const bars: PriceBar[] = [
      { ticker: "DI1F28", date: "2026-03-02", close: 90_000 },
      { ticker: "DI1F28", date: "2026-03-03", close: 90_100 },
      { ticker: "CDI", date: "2026-03-02", close: 12 },
    ];
    const open = position({ id: 1, instrument: "DI1F28" });
    const [, day2] = runMtmRange({
      positions: [open],
      index: indexPrices(bars),
      start: "2026-03-02",
      end: "2026-03-03",
    });
    expect(day2!.daily_pnl_brl).toBeCloseTo(5_951.64, 2);
    const closed = { ...open, is_open: false, closed_at: "2026-03-03", close_price: 90_100 };
    const [, close] = runMtmRange({
      positions: [closed],
      index: indexPrices(bars),
      start: "2026-03-02",
      end: "2026-03-03",
    });
    // Realized: 5,951.64 gross − 1,000 entry − 1,000 exit cost.
    expect(close!.realized_pnl_brl).toBeCloseTo(3_951.64, 2);
  });
});

describe("CDS moves by spread duration (CS01)", () => {
  const cds = position({
    id: 2,
    instrument: "CDS_BR_5Y",
    asset_class: "CREDIT",
    price_kind: "PRICE",
    direction: "SHORT",
    entry_price: 187.7,
  });

  it("a 10 M short whose spread tightened 187.7 → 169.1 makes 78,232, not 990,715", () => {
    // λ = 0.01877 / 0.6 = 0.031283; k = λ + 4 % = 0.071283; D = (1 − e^(−5k)) / k = 4.20602 years.
    // CS01 = 10 M × 4.20602 / 10,000 = 4,206.02 BRL/bp; 18.6 bp tighter × 4,206.02 = 78,231.99.
    expect(cdsSpreadDuration(187.7, 5)).toBeCloseTo(4.20602, 5);
    expect(cs01(cds)).toBeCloseTo(4_206.02, 2);
    expect(cdsPnl(cds, 169.1)).toBeCloseTo(78_231.99, 1);
    expect(pnlBrl(cds, 169.1)).toBeCloseTo(78_231.99, 1);
  });

  it("a +80 % spread shock costs CS01 × 80 % of the spread, and VaR sees CS01 × spread", () => {
    // Marked at 170 bp: +80 % = +136 bp × 4,206.02 = 572,019 lost by the protection seller.
    const marked = { ...cds, current_price: 170 };
    const [crisis] = runStressTests({ positions: [marked], navBrl: 100e6, asOf: "2026-03-02" });
    expect(crisis!.scenario).toBe("BRL_CRISIS_2015");
    expect(crisis!.pnl_brl).toBeCloseTo(-572_018.8, 0);
    // One day the spread went 170 → 187 (+10 %): the VaR vector's worst day is −10 % × 4,206.02 × 170.
    const bars: PriceBar[] = [
      { ticker: "CDS_BR_5Y", date: "2026-02-26", close: 170 },
      { ticker: "CDS_BR_5Y", date: "2026-02-27", close: 187 },
    ];
    const v = computeVar({ positions: [marked], index: indexPrices(bars), asOf: "2026-03-02", navBrl: 100e6 });
    expect(v.worst_day?.pnl_brl).toBeCloseTo(-71_502.4, 0);
  });
});

describe("a non-positive NAV", () => {
  it("makes NAV-relative ratios unbounded (never 0) and breaches their limits", () => {
    expect(perNav(300e6, -16.94e6)).toBe(Number.POSITIVE_INFINITY);
    expect(perNav(-5e6, -16.94e6)).toBe(Number.NEGATIVE_INFINITY);
    expect(perNav(0, -16.94e6)).toBe(0);
    const live = assembleLiveRisk({
      as_of_date: "2026-03-02",
      nav_brl: -16.94e6,
      var: {
        as_of_date: "2026-03-02",
        observations: 252,
        historical: {
          var_95_brl: 2.26e9,
          var_99_brl: 3e9,
          es_975_brl: 3.1e9,
          var_95_pct: perNav(2.26e9, -16.94e6) * 100,
          var_99_pct: perNav(3e9, -16.94e6) * 100,
          es_975_pct: perNav(3.1e9, -16.94e6) * 100,
        },
        parametric: { var_95_brl: 0, var_99_brl: 0, es_975_brl: 0, var_95_pct: 0, var_99_pct: 0, es_975_pct: 0 },
        worst_day: null,
      },
      exposure: { gross_brl: 900e9, net_brl: 900e9, long_brl: 900e9, short_brl: 0 },
      drawdown: drawdown([{ date: "2026-03-02", nav_brl: -16.94e6 }], 100e6),
      concentration: concentration([], DEFAULT_LIMITS.concentration_pct_gross),
      stress_tests: [],
    });
    const status = Object.fromEntries(live.limits_summary.limits.map((l) => [l.name, l.status]));
    expect(status).toMatchObject({
      var_95: "BREACHED",
      var_99: "BREACHED",
      gross_leverage: "BREACHED",
      net_leverage: "BREACHED",
      drawdown: "BREACHED",
    });
    expect(live.limits_summary.overall_status).toBe("BREACHED");
    // On the wire the unbounded figures are null, not 0.
    const wire = JSON.parse(JSON.stringify(live));
    expect(wire.leverage.gross).toBeNull();
    expect(wire.var.var_95_pct).toBeNull();
    expect(live.alerts.find((a) => a.limit === "gross_leverage")?.message).toContain("NAV is not positive");
    // Drawdown from 100 M to −16.94 M: 116.94 %.
    expect(live.drawdown.current_drawdown_pct).toBeCloseTo(116.94, 6);
  });
});

describe("pre-trade check", () => {
  const base = {
    nav_brl: 118e6,
    gross_brl: 232e6,
    net_brl: 40e6,
    limits: { gross_leverage: 4, net_leverage: 2 },
    max_notional_nav_multiple: 1,
  };
  it("names the limit a trade would breach, in order", () => {
    // 9e11 > 1 × 118 M.
    expect(preTradeBreach({ ...base, trade: { direction: "LONG", notional_brl: 9e11 } })?.limit).toBe(
      "max_position_notional",
    );
    // (232 + 100) / 118 = 2.81x ≤ 4 and |40 + 100| / 118 = 1.19x ≤ 2: allowed.
    expect(preTradeBreach({ ...base, trade: { direction: "LONG", notional_brl: 100e6 } })).toBeNull();
    // With 400 M gross already: (400 + 100) / 118 = 4.24x > 4.
    expect(
      preTradeBreach({ ...base, gross_brl: 400e6, trade: { direction: "SHORT", notional_brl: 100e6 } })?.limit,
    ).toBe("gross_leverage");
    // Net 180 M: (180 + 100) / 118 = 2.37x > 2 when buying; selling reduces |net| and is allowed.
    expect(preTradeBreach({ ...base, net_brl: 180e6, trade: { direction: "LONG", notional_brl: 100e6 } })?.limit).toBe(
      "net_leverage",
    );
    expect(preTradeBreach({ ...base, net_brl: 180e6, trade: { direction: "SHORT", notional_brl: 100e6 } })).toBeNull();
    expect(preTradeBreach({ ...base, nav_brl: -1, trade: { direction: "LONG", notional_brl: 1 } })?.limit).toBe("nav");
  });
});

describe("drawdown is measured from the running peak", () => {
  it("the attribution equity curve agrees with the risk monitor inside a window that starts below the peak", () => {
    // NAV 100 → 110 (peak) → 105 → 104. A window starting on the third day starts at 105, but
    // the peak is 110: drawdown (110 − 104) / 110 = 5.4545 %, not (105 − 104) / 105 = 0.95 %.
    const daily = [
      { date: "2026-03-02", pnl_brl: 10 },
      { date: "2026-03-03", pnl_brl: -5 },
      { date: "2026-03-04", pnl_brl: -1 },
    ];
    const curve = attributionEquityCurve({ capital_brl: 100, daily, start: "2026-03-04", end: "2026-03-04" });
    expect(curve.at(-1)!.drawdown_pct).toBeCloseTo(5.454545, 5);
    expect(curve.at(-1)!.drawdown_pct).toBeCloseTo(drawdown(navSeries(100, daily), 100).current_drawdown_pct, 10);
  });
});
