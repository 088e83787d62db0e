// Proposals for a date: from the caller's signals, or from the built-in signal engine over the
// stored closes when none are given; selection, flips and risk impact by origin/domain/proposals.
import type { Signal } from "../../src/contract/index.ts";
import type { NewProposal } from "../db/proposals-repo.ts";
import { isOpenOn } from "../domain/book.ts";
import { navOn } from "../domain/nav.ts";
import { buildProposals } from "../domain/proposals.ts";
import { generateSignals } from "../domain/signal-engine.ts";
import type { IsoDate } from "../domain/types.ts";
import type { DataContext } from "../http/data.ts";
import { priceIndexUpTo } from "./marking.ts";

export function proposalsFor(d: DataContext, signals: Signal[] | undefined, asOf: IsoDate): NewProposal[] {
  const chosen =
    signals ??
    generateSignals({
      instruments: d.repos.market.instruments(),
      index: priceIndexUpTo(d.repos, asOf),
      as_of_date: asOf,
    });
  const drafts = buildProposals({
    signals: chosen,
    open_positions: d.repos.positions.list().filter((p) => isOpenOn(p, asOf)),
    nav_brl: navOn(d.config.capitalBrl, d.repos.snapshots.dailyPnl(asOf), asOf),
    as_of_date: asOf,
  });
  return drafts.map((p) => ({ ...p, risk_impact: { ...p.risk_impact }, created_at: d.at }));
}
