// The checker's oracles on hand-made histories: each rule fires on the history that breaks it
// and stays quiet on its neighbour that does not, so a clean many-isolate run means something.
import { describe, expect, it } from "vitest";
import { checkHistory, type ReadRecord, type WriteRecord } from "../../local/consistency/consistency.ts";
import type { InvalidationFailureBound } from "../../local/consistency/consistency-oracles.ts";

const BOOK = "/api/v1/pms/book";
const PACK = "/api/v1/pms/morning-pack/latest";

function write(over: Partial<WriteRecord>): WriteRecord {
  return {
    kind: "price",
    edge: 0,
    method: "POST",
    path: "/api/v1/pms/mtm",
    startTick: 1,
    ackTick: 2,
    startMs: 0,
    ackMs: 10,
    status: 200,
    version: 5,
    cacheStatus: "pms-edge; fwd=request",
    ...over,
  };
}
function read(over: Partial<ReadRecord>): ReadRecord {
  return {
    path: BOOK,
    edge: 1,
    startTick: 3,
    endTick: 4,
    startMs: 20,
    status: 200,
    version: 5,
    computedVersion: 5,
    cacheStatus: "pms-edge; hit",
    ...over,
  };
}
const rules = (writes: WriteRecord[], reads: ReadRecord[], bound?: InvalidationFailureBound) =>
  checkHistory(writes, reads, bound).violations.map((v) => v.rule);

const BOUND: InvalidationFailureBound = {
  tierTtlMs: { book: 1000, risk: 1000, morning_pack: 1000, attribution: 1000 },
  slackMs: 500,
};

describe("consistency oracles", () => {
  it("computed version: a book read computed before an acknowledged portfolio write fails, a floor-raised data version does not hide it", () => {
    expect(rules([write({})], [read({ version: 5, computedVersion: 4 })])).toEqual(["computed-older-than-acked-write"]);
    expect(rules([write({})], [read({ version: 5, computedVersion: 5 })])).toEqual([]);
    // A missing PMS-Computed-Version counts as PMS-Data-Version.
    expect(rules([write({})], [read({ version: 5, computedVersion: null })])).toEqual([]);
    // A write that does not bump the tier's tags (reject: trades) does not bind the book's computed version.
    expect(rules([write({ kind: "reject" })], [read({ version: 5, computedVersion: 4 })])).toEqual([]);
  });

  it("content: price, opened and closed positions, regenerated packs", () => {
    expect(rules([write({ effect: { price: 101 } })], [read({ content: { price: 100, openIds: [] } })])).toEqual([
      "price-older-than-acked-write",
    ]);
    expect(rules([write({ effect: { price: 101 } })], [read({ content: { price: 101, openIds: [] } })])).toEqual([]);
    // A price write whose answer was lost (504) may commit after a later acknowledged one: its
    // price is then the current one. Any other lower price is still stale.
    const lost = write({ startTick: 0.5, ackTick: 0.9, status: 504, version: null, effect: { price: 100.5 } });
    const acked = write({ effect: { price: 101 } });
    const history = (price: number) => checkHistory([lost, acked], [read({ content: { price, openIds: [] } })]);
    expect(history(100.5).violations).toEqual([]);
    expect(history(100.5).invalidationFailures.lateCommitReads).toBe(1);
    expect(history(100.4).violations.map((v) => v.rule)).toEqual(["price-older-than-acked-write"]);
    // A refused write (4xx) committed nothing.
    const refused = { ...lost, status: 422 };
    expect(rules([refused, acked], [read({ content: { price: 100.5, openIds: [] } })])).toEqual([
      "price-older-than-acked-write",
    ]);
    expect(
      rules([write({ kind: "open", effect: { opened: 7 } })], [read({ content: { price: null, openIds: [1] } })]),
    ).toEqual(["opened-position-missing"]);
    // Its close started before the read ended: either answer is right.
    expect(
      rules(
        [
          write({ kind: "open", effect: { opened: 7 } }),
          write({ kind: "close", startTick: 3.5, ackTick: 9, version: 6, effect: { closed: 7 } }),
        ],
        [read({ content: { price: null, openIds: [1] } })],
      ),
    ).toEqual([]);
    expect(
      rules([write({ kind: "close", effect: { closed: 7 } })], [read({ content: { price: null, openIds: [7] } })]),
    ).toEqual(["closed-position-present"]);
    expect(
      rules([write({ kind: "pack", effect: { packId: 9 } })], [read({ path: PACK, content: { packId: 8 } })]),
    ).toEqual(["pack-older-than-acked-generate"]);
    expect(
      rules([write({ kind: "pack", effect: { packId: 9 } })], [read({ path: PACK, content: { packId: 9 } })]),
    ).toEqual([]);
  });

  it("an invalidation failure excuses other edges until TTL + slack after the ack, never the acknowledging edge", () => {
    const failed = write({ cacheStatus: "pms-edge; fwd=bypass; detail=invalidation-failed", effect: { price: 101 } });
    const stale = { version: 4, computedVersion: 4, content: { price: 100, openIds: [] } };
    // Another edge, inside the bound: excused.
    const inside = checkHistory([failed], [read({ ...stale, edge: 1, startMs: 1000 })], BOUND);
    expect(inside.violations).toEqual([]);
    expect(inside.invalidationFailures).toMatchObject({ failedWrites: 1, excusedReads: 1, checkedAfterBound: 0 });
    // Another edge, past ack (10) + 1000 + 500: checked.
    const after = checkHistory([failed], [read({ ...stale, edge: 1, startMs: 1510 })], BOUND);
    expect(after.violations.map((v) => v.rule)).toEqual([
      "read-older-than-acked-write",
      "computed-older-than-acked-write",
      "price-older-than-acked-write",
    ]);
    expect(after.invalidationFailures.checkedAfterBound).toBe(1);
    // The edge that acknowledged it: checked at once.
    expect(rules([failed], [read({ ...stale, edge: 0, startMs: 20 })], BOUND)).toHaveLength(3);
    // No bound given: no excuse.
    expect(rules([failed], [read({ ...stale, edge: 1, startMs: 20 })])).toHaveLength(3);
  });
});
