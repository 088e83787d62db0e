// Write latencies through the edge, one row per write kind: MTM, open, close, proposal approve.
// Each is forwarded to the origin, then the edge bumps the generations (one Upstash request)
// and, by default, refreshes book and risk before answering (docs/cache-protocol.md §Writes).
// The book must not grow during a row, or the refresh (and every later HIT) would get slower
// with each sample: an open is closed again at the origin after its sample, a close sample
// closes a position opened at the origin before it, an approved proposal's position is closed
// after its sample — all untimed. Closes still add to the book's `closed_today`, so main.ts
// reseeds the origin before every write row.
import { edgePost, originPost } from "../clients.ts";
import { measureOp, type OpResult } from "../measure.ts";
import type { Stack } from "../stack.ts";

export const WRITE_KINDS = ["mtm", "open", "close", "approve"] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

const OPEN_BODY = {
  instrument: "USDBRL",
  asset_class: "FX",
  direction: "LONG",
  notional_brl: 1_000_000,
  execution_price: 5.05,
  manager_thesis: "benchmark position",
  strategy_ids: [],
};
const CLOSE_BODY = { close_price: 5.06 };

/** The Cache-Status of a write whose invalidation succeeded names the tags it bumped. */
const INVALIDATED = "bumped=";

function idOf(json: unknown, field: "id" | "position_id"): number {
  const value = (json as Record<string, unknown>)[field];
  if (typeof value !== "number")
    throw new Error(`answer without a numeric ${field}: ${JSON.stringify(json).slice(0, 200)}`);
  return value;
}

/** The id a sample's label carries (`…|id=12`), for its untimed clean-up. */
function labelled(cacheStatus: string, id: number): string {
  return `${cacheStatus}|id=${id}`;
}

async function closeAtOrigin(stack: Stack, label: string | void): Promise<void> {
  const id = /\|id=(\d+)$/.exec(label ?? "")?.[1];
  if (id) await originPost(stack, `/book/positions/${id}/close`, CLOSE_BODY);
}

export function measureWrite(stack: Stack, kind: WriteKind, samples: number): Promise<OpResult> {
  const common = { samples, warmup: Math.min(5, samples), expect: INVALIDATED };
  switch (kind) {
    case "mtm":
      return measureOp(stack, {
        ...common,
        op: async () => (await edgePost(stack, "/mtm", { price_overrides: {} })).cacheStatus,
      });
    case "open":
      return measureOp(stack, {
        ...common,
        op: async () => {
          const { json, cacheStatus } = await edgePost(stack, "/book/positions/open", OPEN_BODY);
          return labelled(cacheStatus, idOf(json, "id"));
        },
        after: (_i, label) => closeAtOrigin(stack, label),
      });
    case "close": {
      const opened: number[] = [];
      return measureOp(stack, {
        ...common,
        before: async () => {
          opened.push(idOf(await originPost(stack, "/book/positions/open", OPEN_BODY), "id"));
        },
        op: async () => (await edgePost(stack, `/book/positions/${opened.at(-1)}/close`, CLOSE_BODY)).cacheStatus,
      });
    }
    case "approve": {
      let proposal = 0;
      return measureOp(stack, {
        ...common,
        before: async () => {
          const created = await originPost(stack, "/trades/proposals/generate", {
            signals: [{ instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.7 }],
          });
          proposal = idOf(Array.isArray(created) ? created[0] : undefined, "id");
        },
        op: async () => {
          const { json, cacheStatus } = await edgePost(stack, `/trades/proposals/${proposal}/approve`, {
            execution_price: 5.05,
            execution_notional_brl: 1_000_000,
          });
          return labelled(cacheStatus, idOf(json, "position_id"));
        },
        after: (_i, label) => closeAtOrigin(stack, label),
      });
    }
  }
}
