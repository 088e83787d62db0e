import { describe, expect, it } from "vitest";
import type { BookSummary } from "./book.ts";
import { lastBusinessDays } from "./calendar.ts";
import { computeLiveRisk } from "./live-risk.ts";
import { marketRegime, marketSnapshot } from "./market-regime.ts";
import { buildMorningPack, isUnavailable, signalChanges } from "./morning-pack.ts";
import { indexPrices } from "./mtm.ts";
import type { Instrument, Signal } from "./types.ts";

const asOf = "2025-11-21";
const dates = lastBusinessDays(asOf, 21);
// Straight-line paths over 20 business days: USDBRL 5.00 → 5.25 (+5 %), IBOV 100 → 94 (−6 %),
// DI1F27 PU 90,000 → 88,200 (−2 %, rates up). Each is a risk-off read → score 3 → RISK_OFF.
const index = indexPrices(
  dates.flatMap((date, i) => [
    { ticker: "USDBRL", date, close: 5 * (1 + (0.05 * i) / 20) },
    { ticker: "IBOV_FUT", date, close: 100 * (1 - (0.06 * i) / 20) },
    { ticker: "DI1F27", date, close: 90_000 * (1 - (0.02 * i) / 20) },
  ]),
);
const instruments: Instrument[] = [
  { ticker: "USDBRL", asset_class: "FX", price_kind: "PRICE", name: "USD/BRL" },
  { ticker: "IBOV_FUT", asset_class: "EQUITY", price_kind: "PRICE", name: "Ibovespa future" },
  { ticker: "DI1F27", asset_class: "RATES", price_kind: "PU", name: "DI Jan27" },
  { ticker: "ZNZ5", asset_class: "SOVEREIGN", price_kind: "PRICE", name: "10y note (no prices)" },
];

describe("market snapshot and regime", () => {
  const rows = marketSnapshot(instruments, index, asOf);

  it("reports last, changes and staleness per instrument with prices", () => {
    expect(rows.map((r) => r.ticker)).toEqual(["USDBRL", "IBOV_FUT", "DI1F27"]);
    const usd = rows[0]!;
    expect(usd.last).toBeCloseTo(5.25, 12);
    expect(usd.change_20d_pct).toBeCloseTo(5, 9);
    expect(usd.change_1d_pct).toBeCloseTo((5.25 / 5.2375 - 1) * 100, 9); // +0.2387 %
    expect(usd.stale).toBe(false);
  });

  it("reads RISK_OFF when FX, equities and rates all say so, and notes the change", () => {
    const r = marketRegime(rows, index, asOf, "NEUTRAL")!;
    expect(r).toMatchObject({ regime: "RISK_OFF", score: 3, volatility: "NORMAL", previous: "NEUTRAL", changed: true });
    expect(r.reads.map((x) => x.read)).toEqual(["risk_off", "risk_off", "risk_off"]);
  });
});

describe("signal changes", () => {
  const s = (instrument: string, direction: Signal["direction"], conviction: number): Signal => ({
    instrument,
    asset_class: "FX",
    direction,
    conviction,
    signal_source: "momentum",
  });
  it("lists new, flipped, re-rated and dropped signals", () => {
    const out = signalChanges(
      [s("A", "LONG", 0.6), s("B", "LONG", 0.6), s("C", "LONG", 0.6), s("D", "LONG", 0.6)],
      [s("A", "SHORT", 0.6), s("B", "LONG", 0.7), s("C", "LONG", 0.65), s("E", "LONG", 0.6)],
    );
    expect(out.map((x) => `${x.instrument}:${x.change}`)).toEqual(["A:FLIPPED", "B:CONVICTION", "E:NEW", "D:DROPPED"]);
  });
});

describe("buildMorningPack", () => {
  // Book of one USDBRL LONG 33M on NAV 10M: gross 3.3× (WARNING, ≥ 3.2), net 3.3× > 2 and FX 100 % > 40 (BREACHED).
  const risk = computeLiveRisk({
    as_of_date: asOf,
    capital_brl: 10_000_000,
    daily: [],
    index,
    positions: [
      {
        id: 1,
        instrument: "USDBRL",
        asset_class: "FX",
        price_kind: "PRICE",
        direction: "LONG",
        notional_brl: 33_000_000,
        entry_price: 5.25,
        current_price: 5.25,
        entry_date: asOf,
        business_days: null,
      },
    ],
  });
  const summary: BookSummary = {
    aum: 10_000_000,
    total_notional_brl: 33_000_000,
    net_notional_brl: 33_000_000,
    leverage: 3.3,
    net_leverage: 3.3,
    open_positions: 2,
    pnl_today_brl: 12_000,
    pnl_mtd_brl: 50_000,
    pnl_ytd_brl: -20_000,
    pnl_today_usd: null,
    pnl_mtd_usd: null,
    pnl_ytd_usd: null,
    total_unrealized_pnl_brl: 0,
    total_realized_pnl_brl: 0,
    as_of_date: asOf,
  };
  const full = buildMorningPack({
    briefing_date: asOf,
    market: { instruments, index },
    risk,
    book: {
      summary,
      positions: [
        { id: 1, instrument: "USDBRL", price_stale: false },
        { id: 2, instrument: "ZNZ5", price_stale: true },
      ],
    },
    pending_proposals: [
      {
        id: 7,
        instrument: "IBOV_FUT",
        direction: "SHORT",
        conviction: 0.58,
        suggested_notional_brl: 2_900_000,
        is_flip: false,
        rationale: "momentum",
      },
      {
        id: 8,
        instrument: "DI1F27",
        direction: "SHORT",
        conviction: 0.7,
        suggested_notional_brl: 3_500_000,
        is_flip: true,
        rationale: "carry",
      },
    ],
    signals: [
      { instrument: "DI1F27", asset_class: "RATES", direction: "SHORT", conviction: 0.7, signal_source: "carry" },
    ],
    previous: { regime: "NEUTRAL", signals: [] },
  });

  it("sorts action items by priority, then risk, regime, proposal, price", () => {
    expect(full.action_items).toEqual([
      expect.objectContaining({ priority: 1, category: "RISK", title: "concentration_FX breached" }),
      expect.objectContaining({ priority: 1, category: "RISK", title: "net_leverage breached" }),
      expect.objectContaining({ priority: 1, category: "REGIME", title: "Regime changed to RISK_OFF" }),
      expect.objectContaining({ priority: 1, category: "PROPOSAL", title: "Flip proposal #8: SHORT DI1F27" }),
      expect.objectContaining({ priority: 2, category: "RISK", title: "gross_leverage warning" }),
      expect.objectContaining({ priority: 2, category: "PROPOSAL", title: "Review proposal #7: SHORT IBOV_FUT" }),
      expect.objectContaining({ priority: 2, category: "PRICE", title: "Stale price: ZNZ5" }),
    ]);
  });

  it("fills every section and writes the narrative from the numbers", () => {
    for (const k of [
      "trade_proposals",
      "market_snapshot",
      "risk_summary",
      "portfolio_state",
      "regime",
      "top_signals",
      "agent_views",
      "signal_changes",
      "macro_narrative",
    ] as const) {
      expect(isUnavailable(full[k]), k).toBe(false);
    }
    expect((full.trade_proposals as Array<{ id: number }>).map((p) => p.id)).toEqual([8, 7]);
    expect(full.macro_narrative).toContain("NAV is BRL 10,000,000 across 2 open positions");
    expect(full.macro_narrative).toContain("risk-off");
    expect(full.macro_narrative).toContain("2 trade proposals are pending, led by SHORT DI1F27");
    expect(full.portfolio_state).toMatchObject({ stale_price_tickers: ["ZNZ5"] });
  });

  it("marks sections without input as unavailable and still delivers the rest", () => {
    const thin = buildMorningPack({ briefing_date: asOf, book: { summary, positions: [] } });
    expect(thin.risk_summary).toEqual({ status: "unavailable", reason: "risk not available" });
    expect(thin.market_snapshot).toEqual({ status: "unavailable", reason: "no market data" });
    expect(isUnavailable(thin.regime)).toBe(true);
    expect(isUnavailable(thin.top_signals)).toBe(true);
    expect(thin.action_items).toEqual([]);
    expect(thin.macro_narrative).toMatch(/^As of 2025-11-21/);
    const empty = buildMorningPack({ briefing_date: asOf });
    expect(isUnavailable(empty.macro_narrative)).toBe(true);
  });
});
