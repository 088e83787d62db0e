import { describe, expect, it } from "vitest";
import { positionState } from "../testing/position-state.ts";
import { indexPrices, markDay, resolvePrice, runMtmRange } from "./mtm.ts";
import type { PositionState, PriceBar } from "./types.ts";

const position = positionState;

const bars: PriceBar[] = [
  { ticker: "USDBRL", date: "2025-11-21", close: 5.2 }, // unsorted on purpose
  { ticker: "USDBRL", date: "2025-11-17", close: 5.0 },
  { ticker: "USDBRL", date: "2025-11-18", close: 5.1 },
  { ticker: "USDBRL", date: "2025-11-19", close: 5.05 },
  { ticker: "DI1F27", date: "2025-11-19", close: 89_950 },
];
const index = indexPrices(bars);

describe("resolvePrice", () => {
  it("prefers override, then the latest close on or before the date, then the last mark", () => {
    const o = resolvePrice({ ticker: "USDBRL", date: "2025-11-21", index, overrides: { USDBRL: 5.3 } });
    expect(o).toMatchObject({ price: 5.3, source: "override", source_date: "2025-11-21", price_stale: false });
    const c = resolvePrice({ ticker: "USDBRL", date: "2025-11-20", index });
    expect(c).toMatchObject({ price: 5.05, source: "close", source_date: "2025-11-19", price_stale: false });
    const m = resolvePrice({
      ticker: "DI1F27",
      date: "2025-11-18",
      index,
      lastMark: { price: 90_000, date: "2025-11-14" },
    });
    expect(m).toMatchObject({ price: 90_000, source: "last_mark", source_date: "2025-11-14", price_stale: true });
  });

  it("flags a source more than 3 calendar days old as stale", () => {
    // Close of Fri 21 Nov: Mon 24 is 3 days later (fresh), Tue 25 is 4 (stale).
    expect(resolvePrice({ ticker: "USDBRL", date: "2025-11-24", index }).price_stale).toBe(false);
    expect(resolvePrice({ ticker: "USDBRL", date: "2025-11-25", index }).price_stale).toBe(true);
  });

  it("says 'none' instead of inventing a price, and ignores marks made after the date", () => {
    const none = resolvePrice({
      ticker: "ZNZ5",
      date: "2025-11-21",
      index,
      lastMark: { price: 110, date: "2025-11-24" },
    });
    expect(none).toEqual({ ticker: "ZNZ5", price: null, source: "none", source_date: null, price_stale: true });
  });
});

describe("MTM snapshots", () => {
  // Position 1: USDBRL LONG 5,000,000 @ 5.00 on 17 Nov; entry cost 5,000,000 × 2 bp = 1,000.
  //   17: P&L 0 → cum −1,000, daily −1,000
  //   18: 5.10 → 5,000,000 × 0.02 = 100,000 → cum 99,000, daily +100,000
  //   19: 5.05 → 50,000 → cum 49,000, daily −50,000   (20 Nov: holiday, no snapshot)
  //   21: 5.20 → 200,000 → cum 199,000, daily +150,000
  // Position 2: DI1F27 (PU) SHORT 10,000,000 @ 90,000 on 18 Nov, closed 21 Nov @ 89,900;
  //   cost 1 bp = 1,000 per side.
  //   18: no close yet → the execution is the mark → P&L 0, cum −1,000, daily −1,000
  //   19: 89,950 → (89,950 − 90,000) × 100 × (−1) = +5,000 → cum 4,000, daily +5,000
  //   21: realized (89,900 − 90,000) × 100 × (−1) − 2,000 = 8,000 → cum 8,000, daily +4,000
  const p1 = position({ id: 1, instrument: "USDBRL" });
  const p2 = position({
    id: 2,
    instrument: "DI1F27",
    asset_class: "RATES",
    price_kind: "PU",
    direction: "SHORT",
    notional_brl: 10_000_000,
    entry_price: 90_000,
    entry_date: "2025-11-18",
    is_open: false,
    closed_at: "2025-11-21",
    close_price: 89_900,
  });
  const snaps = runMtmRange({ positions: [p1, p2], index, start: "2025-11-17", end: "2025-11-21" });
  const of = (id: number) => snaps.filter((s) => s.position_id === id);

  it("produces one snapshot per live position per business day", () => {
    expect(of(1).map((s) => s.date)).toEqual(["2025-11-17", "2025-11-18", "2025-11-19", "2025-11-21"]);
    expect(of(2).map((s) => s.date)).toEqual(["2025-11-18", "2025-11-19", "2025-11-21"]);
  });

  it("gives cumulative P&L net of costs and daily = difference of cumulatives", () => {
    expect(of(1).map((s) => s.cumulative_pnl_brl)).toEqual(
      [-1_000, 99_000, 49_000, 199_000].map((x) => expect.closeTo(x, 6)),
    );
    expect(of(1).map((s) => s.daily_pnl_brl)).toEqual(
      [-1_000, 100_000, -50_000, 150_000].map((x) => expect.closeTo(x, 6)),
    );
    expect(of(2).map((s) => s.daily_pnl_brl)).toEqual([-1_000, 5_000, 4_000].map((x) => expect.closeTo(x, 6)));
    expect(of(2)[0]?.price_source).toBe("last_mark");
  });

  it("books realized P&L on the close date, so the daily P&L sums to it", () => {
    const close = of(2).at(-1);
    expect(close).toMatchObject({ price: 89_900, price_source: "execution", unrealized_pnl_brl: 0 });
    expect(close?.realized_pnl_brl).toBeCloseTo(8_000, 6);
    expect(of(2).reduce((a, s) => a + s.daily_pnl_brl, 0)).toBeCloseTo(8_000, 6);
  });

  it("records the day's USD/BRL on each snapshot", () => {
    expect(of(1).map((s) => s.fx_rate)).toEqual([5.0, 5.1, 5.05, 5.2]);
  });

  it("markDay applies overrides and continues from the previous snapshot", () => {
    const previous = new Map([[1, of(1).at(-1)!]]);
    const day = markDay({
      positions: [p1, p2],
      date: "2025-11-24",
      index,
      previous,
      overrides: { USDBRL: 5.1 },
      fxOverride: 5.1,
    });
    // 5.10 → P&L 100,000, cum 99,000; daily 99,000 − 199,000 = −100,000. p2 is closed: not marked.
    expect(day.snapshots).toHaveLength(1);
    expect(day.snapshots[0]).toMatchObject({ price: 5.1, price_source: "override", fx_rate: 5.1 });
    expect(day.snapshots[0]?.daily_pnl_brl).toBeCloseTo(-100_000, 6);
    expect(day.fx_rate).toBe(5.1);
  });

  it("skips (and reports) a position with no price source at all", () => {
    const lonely = position({ id: 3, instrument: "ZNZ5", entry_date: "2025-11-17" });
    const day = markDay({
      positions: [lonely],
      date: "2025-11-21",
      index,
      previous: new Map(),
      lastMarks: new Map([[3, { price: 110, date: "2025-11-24" }]]), // a mark from after the date
    });
    expect(day.snapshots).toEqual([]);
    expect(day.resolved.get(3)?.source).toBe("none");
  });
});
