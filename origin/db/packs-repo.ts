// Morning packs: one per briefing date; generating with force replaces the stored one.
import type { IsoDate } from "../domain/types.ts";
import type { Db } from "./open.ts";

export interface StoredPack {
  id: number;
  briefing_date: IsoDate;
  created_at: string;
  /** The pack's sections (everything but id, briefing_date and created_at). */
  body: Record<string, unknown>;
}

type PackRow = Omit<StoredPack, "body"> & { body: string };

const fromRow = (r: PackRow): StoredPack => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> });

export class PacksRepo {
  constructor(private readonly db: Db) {}

  /** Stores the pack of a date, replacing any earlier one (a new id marks the replacement). */
  put(date: IsoDate, createdAt: string, body: Record<string, unknown>): StoredPack {
    this.db.prepare("DELETE FROM morning_packs WHERE briefing_date = ?").run(date);
    this.db
      .prepare("INSERT INTO morning_packs (briefing_date, created_at, body) VALUES (?, ?, ?)")
      .run(date, createdAt, JSON.stringify(body));
    return this.get(date)!;
  }

  get(date: IsoDate): StoredPack | undefined {
    const row = this.db.prepare<[IsoDate], PackRow>("SELECT * FROM morning_packs WHERE briefing_date = ?").get(date);
    return row && fromRow(row);
  }

  /** The pack with the latest briefing date on or before `date`. */
  latest(date: IsoDate): StoredPack | undefined {
    const row = this.db
      .prepare<[IsoDate], PackRow>(
        "SELECT * FROM morning_packs WHERE briefing_date <= ? ORDER BY briefing_date DESC LIMIT 1",
      )
      .get(date);
    return row && fromRow(row);
  }

  since(date: IsoDate, until: IsoDate): StoredPack[] {
    return this.db
      .prepare<[IsoDate, IsoDate], PackRow>(
        "SELECT * FROM morning_packs WHERE briefing_date >= ? AND briefing_date <= ? ORDER BY briefing_date DESC",
      )
      .all(date, until)
      .map(fromRow);
  }
}
