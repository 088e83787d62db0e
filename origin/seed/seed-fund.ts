// Seeds the demo fund into an empty database in one transaction: market, trades, the P&L
// history produced by replaying the MTM engine over every day (so every figure agrees), then
// the proposals, journal, risk trend and morning pack derived from that state.

import type { OriginConfig } from "../config.ts";
import type { PositionRecord } from "../db/positions-repo.ts";
import { type Repos, reposOf } from "../db/repos.ts";
import type { VersionedStore } from "../db/versioned-store.ts";
import { addBusinessDays, businessDayOnOrBefore, lastBusinessDays, saoPauloDate } from "../domain/calendar.ts";
import { closeOnOrBefore, FX_TICKER, indexPrices, runMtmRange } from "../domain/mtm.ts";
import { closePosition } from "../domain/pricing.ts";
import { createPrng } from "../domain/prng.ts";
import type { IsoDate } from "../domain/types.ts";
import type { DataContext } from "../http/data.ts";
import { applyMarks } from "../services/marking.ts";
import { generatePack } from "../services/morning-pack-service.ts";
import { journalPosition } from "../services/position-commands.ts";
import { newPosition } from "../services/position-factory.ts";
import { generateProposals, rejectProposal } from "../services/proposal-commands.ts";
import { recordRiskPoint } from "../services/risk-service.ts";
import { generateMarket } from "./market.ts";
import { demoTrades, largeTrades, type TradePlan } from "./positions.ts";

/** Fixed seed: every seeded database of a given "today" is identical. */
export const SEED = 20_240_601;
export type FundKind = "demo" | "large";

const LARGE_FUND_POSITIONS = 400;

/** A timestamp inside the São Paulo trading day of `date` (13:00 UTC = 10:00 BRT). */
export const tradingTime = (date: IsoDate, minute = 0) => `${date}T13:${String(minute % 60).padStart(2, "0")}:00.000Z`;

export interface SeedResult {
  lastDay: IsoDate;
  positions: PositionRecord[];
}

export function seedMarketAndBook(repos: Repos, lastDay: IsoDate, fund: FundKind): SeedResult {
  const prng = createPrng(SEED);
  const market = generateMarket(prng, lastDay);
  for (const i of market.instruments) repos.market.insertInstrument(i);
  repos.market.insertCloses(market.bars);
  const index = indexPrices(market.bars);
  const instruments = new Map(market.instruments.map((i) => [i.ticker, i]));
  const plans: TradePlan[] =
    fund === "large"
      ? largeTrades(
          prng,
          market.instruments.filter((i) => i.ticker !== FX_TICKER),
          LARGE_FUND_POSITIONS,
          market.dates.length,
        )
      : demoTrades(market.instruments);

  const positions: PositionRecord[] = plans.map((plan, n) => {
    const entryDate = market.dates[plan.open_day]!;
    const inst = instruments.get(plan.ticker)!;
    const entryPrice = closeOnOrBefore(index, plan.ticker, entryDate)!.close;
    const record = newPosition(
      {
        instrument: plan.ticker,
        asset_class: inst.asset_class,
        direction: plan.direction,
        notional_brl: plan.notional_brl,
        execution_price: entryPrice,
        entry_date: entryDate,
        entry_fx_rate: closeOnOrBefore(index, FX_TICKER, entryDate)?.close ?? null,
        strategy_ids: plan.strategy_ids,
        strategy_weights: plan.strategy_weights ?? null,
        manager_thesis: plan.thesis,
        at: tradingTime(entryDate, n),
      },
      inst,
    );
    if (plan.close_day !== undefined) {
      const closeDate = market.dates[plan.close_day]!;
      const closePrice = closeOnOrBefore(index, plan.ticker, closeDate)!.close;
      const result = closePosition(record, closePrice);
      Object.assign(record, {
        is_open: false,
        closed_at: closeDate,
        close_price: closePrice,
        current_price: closePrice,
        last_mark_date: closeDate,
        realized_pnl_brl: result.realized_pnl_brl,
        transaction_cost_brl: result.transaction_cost_brl,
        updated_at: tradingTime(closeDate, n),
      });
    }
    return { ...record, id: repos.positions.insert(record) };
  });

  const snapshots = runMtmRange({ positions, index, start: market.dates[0]!, end: lastDay });
  repos.snapshots.upsert(snapshots);
  const latest = new Map(snapshots.map((s) => [s.position_id, s]));
  // A closed DI1's realized P&L is the sum of its CDI settlements: the replay's close snapshot has it.
  for (const p of positions) {
    const close = latest.get(p.id);
    if (!p.is_open && close && close.realized_pnl_brl !== p.realized_pnl_brl) {
      p.realized_pnl_brl = close.realized_pnl_brl;
      repos.positions.save(p);
    }
  }
  const marked = applyMarks(repos, positions, [...latest.values()], tradingTime(lastDay, 59));
  const markedById = new Map(marked.map((p) => [p.id, p]));
  return { lastDay, positions: positions.map((p) => markedById.get(p.id) ?? p) };
}

export interface SeedOptions {
  /** The instant the fund is seeded at: its São Paulo date's last business day ends the history. */
  now: Date;
  fund: FundKind;
  config: OriginConfig;
}

/** How many recent business days get a risk-trend point at seeding. */
const SEEDED_TREND_DAYS = 20;

/** Seeds an empty database in one write transaction (data version 1 once done). */
export function seedFund(store: VersionedStore, opts: SeedOptions): void {
  store.write("seed", (db) => {
    const repos = reposOf(db);
    const lastDay = businessDayOnOrBefore(saoPauloDate(opts.now));
    const { positions } = seedMarketAndBook(repos, lastDay, opts.fund);
    const d: DataContext = {
      repos,
      config: opts.config,
      today: lastDay,
      at: tradingTime(lastDay),
      actor: { user: "seed", role: "ADMIN" },
    };
    seedJournal(d, positions);
    for (const day of lastBusinessDays(lastDay, SEEDED_TREND_DAYS)) recordRiskPoint({ ...d, today: day }, day);
    // Yesterday's review: one rejected proposal; today's blotter: the signal engine's proposals.
    const yesterday = addBusinessDays(lastDay, -1);
    const old = generateProposals({ ...d, today: yesterday, at: tradingTime(yesterday, 5) }, undefined, yesterday);
    const rejected = old[0];
    if (rejected)
      rejectProposal(
        { ...d, at: tradingTime(yesterday, 30), actor: { user: "pm@fund", role: "MANAGER" } },
        rejected.id,
        "Conviction too low for the current risk budget",
      );
    generateProposals({ ...d, at: tradingTime(lastDay, 1) }, undefined, lastDay);
    generatePack({ ...d, at: tradingTime(lastDay, 2) }, lastDay, true);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?)").run(`${opts.fund}:${lastDay}`);
  });
}

/** OPEN and CLOSE entries in the order the decisions were taken, so the hash chain follows time. */
function seedJournal(d: DataContext, positions: readonly PositionRecord[]): void {
  const events = positions.flatMap((p) => [
    { at: p.created_at, type: "OPEN" as const, p },
    ...(p.closed_at ? [{ at: tradingTime(p.closed_at, 30 + (p.id % 29)), type: "CLOSE" as const, p }] : []),
  ]);
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const manager: DataContext["actor"] = { user: "pm@fund", role: "MANAGER" };
  for (const e of events) {
    const notes = e.type === "OPEN" ? e.p.manager_thesis : "Target reached / thesis played out";
    const system =
      e.type === "OPEN"
        ? `opened ${e.p.direction} ${e.p.instrument}`
        : `closed at ${e.p.close_price}; realized ${e.p.realized_pnl_brl.toFixed(2)} BRL`;
    journalPosition({ ...d, at: e.at, actor: manager }, e.type, e.p, notes, system);
  }
}
