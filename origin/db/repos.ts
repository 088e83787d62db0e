// The repositories over one database connection, built once per app and shared by routes,
// services and the seed (every method runs inside the caller's transaction).

import { journalContentHash } from "../domain/journal-hash.ts";
import { JournalRepo } from "./journal-repo.ts";
import { MarketRepo } from "./market-repo.ts";
import type { Db } from "./open.ts";
import { PacksRepo } from "./packs-repo.ts";
import { PositionsRepo } from "./positions-repo.ts";
import { ProposalsRepo } from "./proposals-repo.ts";
import { SnapshotsRepo } from "./snapshots-repo.ts";
import { StateRepo } from "./state-repo.ts";

export interface Repos {
  market: MarketRepo;
  positions: PositionsRepo;
  snapshots: SnapshotsRepo;
  proposals: ProposalsRepo;
  state: StateRepo;
  packs: PacksRepo;
  journal: JournalRepo;
}

export function reposOf(db: Db): Repos {
  return {
    market: new MarketRepo(db),
    positions: new PositionsRepo(db),
    snapshots: new SnapshotsRepo(db),
    proposals: new ProposalsRepo(db),
    state: new StateRepo(db),
    packs: new PacksRepo(db),
    journal: new JournalRepo(db, journalContentHash),
  };
}
