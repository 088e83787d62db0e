// Write latencies through the edge, one row per write kind: MTM, open, close, proposal approve.
// Each is forwarded to the origin, then the edge bumps the generations (one Upstash request)
// and, by default, refreshes book and risk before answering (design.md, rule 1).
// Opens and closes pair up (every position a sample opens, a close sample closes), and each
// approved proposal's position is closed again at the origin outside the timing, so the book
// keeps its size across samples and both latency passes.
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

export async function measureWrites(stack: Stack, samples: number): Promise<Record<WriteKind, OpResult>> {
  const warmup = Math.min(5, samples);
  const mtm = await measureOp(stack, {
    samples, warmup, op: async () => (await edgePost(stack, "/mtm", { price_overrides: {} })).cacheStatus,
  });

  const opened: number[] = [];
  const open = await measureOp(stack, {
    samples, warmup,
    op: async () => {
      const { json, cacheStatus } = await edgePost(stack, "/book/positions/open", OPEN_BODY);
      opened.push(idOf(json, "id"));
      return cacheStatus;
    },
  });
  const close = await measureOp(stack, {
    samples, warmup,
    op: async (i) => (await edgePost(stack, `/book/positions/${opened[i]}/close`, { close_price: 5.06 })).cacheStatus,
  });

  const proposals: number[] = [];
  const approve = await measureOp(stack, {
    samples, warmup,
    before: async () => {
      const created = await originPost(stack, "/trades/proposals/generate", {
        signals: [{ instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.7 }],
      });
      const first = Array.isArray(created) ? created[0] : undefined;
      proposals.push(idOf(first, "id"));
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
  });
  return { mtm, open, close, approve };
}
