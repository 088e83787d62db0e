import { describe, expect, it } from "vitest";
import { assembleBook, type BookPosition, positionFigures } from "./book.ts";
import { dailyPnlByDate, exposure, navOn, navSeries } from "./nav.ts";
import type { PnlSnapshot, PositionState } from "./types.ts";

const snap = (position_id: number, date: string, daily_pnl_brl: number, fx_rate: number | null) =>
  ({ position_id, date, daily_pnl_brl, fx_rate }) as Pick<
    PnlSnapshot,
    "position_id" | "date" | "daily_pnl_brl" | "fx_rate"
  >;

// Fund P&L by date (capital 100,000,000):
//   31 Oct: +500,000 (USD at 5.0: 100,000)          NAV 100,500,000
//   03 Nov: −200,000 + 100,000 = −100,000 (−20,000)  NAV 100,400,000
//   21 Nov: +300,000 (at 5.2) + 50,000 (no rate) = 350,000, USD unknown   NAV 100,750,000
const daily = dailyPnlByDate([
  snap(1, "2025-11-21", 300_000, 5.2),
  snap(1, "2025-10-31", 500_000, 5.0),
  snap(1, "2025-11-03", -200_000, 5.0),
  snap(2, "2025-11-03", 100_000, 5.0),
  snap(2, "2025-11-21", 50_000, null),
]);

describe("nav", () => {
  it("sums daily P&L per date and converts each day at its own rate", () => {
    expect(daily).toEqual([
      { date: "2025-10-31", pnl_brl: 500_000, pnl_usd: 100_000 },
      { date: "2025-11-03", pnl_brl: -100_000, pnl_usd: -20_000 },
      { date: "2025-11-21", pnl_brl: 350_000, pnl_usd: null },
    ]);
  });

  it("NAV = capital + cumulative P&L", () => {
    expect(navSeries(100_000_000, daily).map((p) => p.nav_brl)).toEqual([100_500_000, 100_400_000, 100_750_000]);
    expect(navOn(100_000_000, daily, "2025-11-10")).toBe(100_400_000);
    expect(navOn(100_000_000, daily, "2025-01-01")).toBe(100_000_000);
  });

  it("gross and net exposure", () => {
    // gross 3M + 1M = 4M; net 3M − 1M = 2M
    expect(
      exposure([
        { direction: "LONG", notional_brl: 3_000_000 },
        { direction: "SHORT", notional_brl: 1_000_000 },
      ]),
    ).toEqual({ gross_brl: 4_000_000, net_brl: 2_000_000, long_brl: 3_000_000, short_brl: 1_000_000 });
  });
});

describe("assembleBook", () => {
  const pos = (over: Partial<BookPosition> & { id: string }): BookPosition & { id: string } => ({
    asset_class: "FX",
    direction: "LONG",
    notional_brl: 1_000_000,
    entry_date: "2025-10-01",
    closed_at: null,
    unrealized_pnl_brl: 0,
    realized_pnl_brl: 0,
    ...over,
  });
  const positions = [
    pos({ id: "A", asset_class: "RATES", notional_brl: 30_000_000, unrealized_pnl_brl: 200_000 }),
    pos({ id: "B", direction: "SHORT", notional_brl: 10_000_000, unrealized_pnl_brl: -50_000 }),
    pos({
      id: "C",
      asset_class: "EQUITY",
      notional_brl: 5_000_000,
      closed_at: "2025-11-21",
      realized_pnl_brl: 120_000,
    }),
    pos({ id: "D", notional_brl: 2_000_000, closed_at: "2025-11-03", realized_pnl_brl: -10_000 }),
    pos({ id: "E", asset_class: "CREDIT", entry_date: "2025-11-24" }), // entered after as_of
  ];
  const book = assembleBook({ as_of_date: "2025-11-21", capital_brl: 100_000_000, fx_rate: 5.0, positions, daily });

  it("lists open positions and those closed on the day", () => {
    expect(book.positions.map((p) => p.id)).toEqual(["A", "B"]);
    expect(book.closed_today.map((p) => p.id)).toEqual(["C"]);
  });

  it("summary: NAV, gross/net, leverage, windowed P&L with USD twins", () => {
    const s = book.summary;
    expect(s.aum).toBe(100_750_000);
    expect(s.total_notional_brl).toBe(40_000_000); // 30M + 10M
    expect(s.net_notional_brl).toBe(20_000_000); // 30M − 10M
    expect(s.leverage).toBeCloseTo(40 / 100.75, 12); // 0.39702…
    expect(s.net_leverage).toBeCloseTo(20 / 100.75, 12);
    expect(s.open_positions).toBe(2);
    expect(s.pnl_today_brl).toBe(350_000);
    expect(s.pnl_mtd_brl).toBe(250_000); // −100,000 + 350,000
    expect(s.pnl_ytd_brl).toBe(750_000); // 500,000 − 100,000 + 350,000
    // today's USD has no per-day rate: 350,000 / 5.0 = 70,000; MTD −20,000 + 70,000; YTD + 100,000
    expect(s.pnl_today_usd).toBeCloseTo(70_000, 9);
    expect(s.pnl_mtd_usd).toBeCloseTo(50_000, 9);
    expect(s.pnl_ytd_usd).toBeCloseTo(150_000, 9);
    expect(s.total_unrealized_pnl_brl).toBe(150_000); // 200,000 − 50,000
    expect(s.total_realized_pnl_brl).toBe(110_000); // 120,000 − 10,000
  });

  it("by_asset_class over open positions, every class present", () => {
    expect(book.by_asset_class.RATES).toEqual({
      count: 1,
      notional_brl: 30_000_000,
      net_notional_brl: 30_000_000,
      unrealized_pnl_brl: 200_000,
    });
    expect(book.by_asset_class.FX).toEqual({
      count: 1,
      notional_brl: 10_000_000,
      net_notional_brl: -10_000_000,
      unrealized_pnl_brl: -50_000,
    });
    expect(book.by_asset_class.EQUITY.count).toBe(0);
    expect(Object.keys(book.by_asset_class).sort()).toEqual([
      "CREDIT",
      "EQUITY",
      "FX",
      "INFLATION",
      "RATES",
      "SOVEREIGN",
    ]);
  });

  it("USD figures are null when no rate is known at all", () => {
    const noFx = assembleBook({ as_of_date: "2025-11-21", capital_brl: 100_000_000, fx_rate: null, positions, daily });
    expect(noFx.summary.pnl_today_usd).toBeNull();
  });
});

describe("positionFigures", () => {
  const p: PositionState = {
    id: 9,
    instrument: "DI1F27",
    asset_class: "RATES",
    price_kind: "PU",
    direction: "LONG",
    notional_brl: 10_000_000,
    entry_price: 90_000,
    entry_date: "2025-11-03",
    entry_fx_rate: 5.0,
    current_price: 90_300,
    last_mark_date: "2025-11-14",
    is_open: true,
    closed_at: null,
    close_price: null,
    strategy_ids: [],
    strategy_weights: null,
    transaction_cost_brl: 1_000,
    realized_pnl_brl: 0,
  };

  it("reads the snapshot of the day when there is one", () => {
    const s: PnlSnapshot = {
      position_id: 9,
      date: "2025-11-21",
      price: 90_200,
      price_source: "close",
      price_stale: false,
      unrealized_pnl_brl: 20_000,
      realized_pnl_brl: 0,
      cumulative_pnl_brl: 19_000,
      daily_pnl_brl: 0,
      fx_rate: 5,
    };
    const f = positionFigures(p, "2025-11-21", s, 5.0);
    expect(f).toMatchObject({
      quantity: 100,
      current_price: 90_200,
      unrealized_pnl_brl: 20_000,
      unrealized_pnl_usd: 4_000,
    });
    expect(f.notional_usd).toBe(2_000_000); // 10,000,000 / entry rate 5.0
    expect(f.entry_delta).toBe(9_000_000); // 100 × 90,000
    expect(f.price_stale).toBe(false);
  });

  it("falls back to the stored mark, stale when older than 3 days", () => {
    // (90,300 − 90,000) × 100 = 30,000; mark of 14 Nov is 7 days before 21 Nov → stale
    const f = positionFigures(p, "2025-11-21", null, 5.0);
    expect(f.unrealized_pnl_brl).toBeCloseTo(30_000, 6);
    expect(f.price_stale).toBe(true);
  });

  it("a closed position reports realized P&L and no unrealized", () => {
    const closed = { ...p, is_open: false, closed_at: "2025-11-20", close_price: 90_400, realized_pnl_brl: 38_000 };
    const f = positionFigures(closed, "2025-11-21", null, 4.0);
    expect(f).toMatchObject({
      is_open: false,
      unrealized_pnl_brl: 0,
      realized_pnl_brl: 38_000,
      realized_pnl_usd: 9_500,
      current_price: 90_400,
    });
    // Seen before its close it is still open.
    expect(positionFigures(closed, "2025-11-19", null, 4.0).is_open).toBe(true);
  });
});
