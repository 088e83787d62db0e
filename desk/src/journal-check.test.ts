// The desk's chain check agrees with the origin's hashing, and catches a changed entry or link.
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, journalContentHash } from "../../origin/domain/journal-hash.ts";
import { type ChainEntry, verifyPage } from "./journal-check.ts";

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const fields = {
      created_at: `2026-01-0${id}T10:00:00Z`,
      entry_type: "NOTE",
      instrument: "DI1F27",
      notional_brl: 1_000_000 * id,
      manager_notes: `note ${id} — ação`,
      author: "pm@fund",
    };
    const content_hash = journalContentHash(fields, prev);
    out.push({ id, ...fields, prev_hash: prev, content_hash, is_locked: true });
    prev = content_hash;
  }
  return out.reverse(); // the API answers newest first
}

describe("desk journal chain check", () => {
  it("verifies a page hashed by the origin, down to the genesis entry", async () => {
    expect(await verifyPage(chain(4))).toEqual({ ok: true, checked: 4, reachesGenesis: true });
    expect(await verifyPage(chain(4).slice(0, 2))).toEqual({ ok: true, checked: 2, reachesGenesis: false });
  });

  it("names the entry whose content no longer matches its hash", async () => {
    const page = chain(3);
    page[1] = { ...page[1]!, notional_brl: 1 };
    expect(await verifyPage(page)).toMatchObject({ ok: false, id: 2, reason: /content_hash/ });
  });

  it("names the entry whose link does not match the entry before it", async () => {
    const page = chain(3);
    const forged = { ...page[2]!, manager_notes: "rewritten" };
    forged.content_hash = journalContentHash(forged, forged.prev_hash);
    page[2] = forged;
    expect(await verifyPage(page)).toMatchObject({ ok: false, id: 2, reason: /prev_hash does not match entry 1/ });
  });
});
