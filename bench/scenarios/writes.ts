// Write latencies, one row per write kind: MTM, open, close, proposal approve; through the edge
// (forwarded to the origin, then the edge bumps the generations in one Upstash request and
// answers; the write-back of book and risk runs in the background, docs/cache-protocol.md
// §Writes), or posted straight to the origin (what the edge's write is compared against).
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

export type WriteTarget = "edge" | "origin";

/** A timed POST: its JSON answer and the label measureOp checks (the edge's Cache-Status; "origin" straight to it). */
type Post = (path: string, body: unknown) => Promise<{ json: unknown; cacheStatus: string }>;

function poster(stack: Stack, target: WriteTarget): Post {
  if (target === "edge") return (path, body) => edgePost(stack, path, body);
  return async (path, body) => ({ json: await originPost(stack, path, body), cacheStatus: "origin" });
}

export function measureWrite(
  stack: Stack,
  kind: WriteKind,
  samples: number,
  target: WriteTarget = "edge",
): Promise<OpResult> {
  const post = poster(stack, target);
  const common = { samples, warmup: Math.min(5, samples), expect: target === "edge" ? INVALIDATED : "origin" };
  switch (kind) {
    case "mtm":
      return measureOp(stack, {
        ...common,
        op: async () => (await post("/mtm", { price_overrides: {} })).cacheStatus,
      });
    case "open":
      return measureOp(stack, {
        ...common,
        op: async () => {
          const { json, cacheStatus } = await post("/book/positions/open", OPEN_BODY);
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
        op: async () => (await post(`/book/positions/${opened.at(-1)}/close`, CLOSE_BODY)).cacheStatus,
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
          const { json, cacheStatus } = await post(`/trades/proposals/${proposal}/approve`, {
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
