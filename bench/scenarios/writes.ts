// Write latencies through the edge, one row per write kind: MTM, open, close, proposal approve.
// Each is forwarded to the origin, then the edge bumps the generations (one Upstash request)
// and, by default, refreshes book and risk before answering (design.md, rule 1).
// Opens and closes pair up (every position an open sample opens, a close sample closes; run
// `open` before `close`), and each approved proposal's position is closed again at the origin
// outside the timing, so the book keeps its size across samples and both latency passes.
import { edgePost, originPost } from "../clients.ts";
import { measureOp, type OpResult } from "../measure.ts";
import type { Stack } from "../stack.ts";

export type WriteKind = "mtm" | "open" | "close" | "approve";

const OPEN_BODY = {
  instrument: "USDBRL", asset_class: "FX", direction: "LONG", notional_brl: 1_000_000,
  execution_price: 5.05, manager_thesis: "benchmark position", strategy_ids: [],
};

function idOf(json: unknown, field: "id" | "position_id"): number {
  const value = (json as Record<string, unknown>)[field];
  if (typeof value !== "number") throw new Error(`answer without a numeric ${field}: ${JSON.stringify(json).slice(0, 200)}`);
  return value;
}

/** The Cache-Status of a write whose invalidation succeeded names the tags it bumped. */
const INVALIDATED = "bumped=";

/** One runner per write kind, so the caller can take the edge's state around each row. */
export function measureWrites(stack: Stack, samples: number): Record<WriteKind, () => Promise<OpResult>> {
  const warmup = Math.min(5, samples);
  const expect = INVALIDATED;
  const opened: number[] = [];
  const proposals: number[] = [];
  return {
    mtm: () => measureOp(stack, {
      samples, warmup, expect, op: async () => (await edgePost(stack, "/mtm", { price_overrides: {} })).cacheStatus,
    }),
    open: () => measureOp(stack, {
      samples, warmup, expect,
      op: async () => {
        const { json, cacheStatus } = await edgePost(stack, "/book/positions/open", OPEN_BODY);
        opened.push(idOf(json, "id"));
        return cacheStatus;
      },
    }),
    close: () => measureOp(stack, {
      samples, warmup, expect,
      op: async (i) => {
        const id = opened[i];
        if (id === undefined) throw new Error("close runs after open: no position left to close");
        return (await edgePost(stack, `/book/positions/${id}/close`, { close_price: 5.06 })).cacheStatus;
      },
    }),
    approve: () => measureOp(stack, {
      samples, warmup, expect,
      before: async () => {
        const created = await originPost(stack, "/trades/proposals/generate", {
          signals: [{ instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.7 }],
        });
        proposals.push(idOf(Array.isArray(created) ? created[0] : undefined, "id"));
      },
      op: async (i) => {
        const { json, cacheStatus } = await edgePost(stack, `/trades/proposals/${proposals[i]}/approve`, {
          execution_price: 5.05, execution_notional_brl: 1_000_000,
        });
        return `${cacheStatus}|position=${idOf(json, "position_id")}`;
      },
      after: async (_i, label) => {
        const position = /position=(\d+)/.exec(label ?? "")?.[1];
        if (position) await originPost(stack, `/book/positions/${position}/close`, { close_price: 5.05 });
      },
    }),
  };
}
