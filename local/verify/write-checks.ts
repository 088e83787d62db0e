// The write path, only with --allow-writes and a MANAGER or ADMIN token: a tiny reversible trade
// (open a 1,000 BRL position in an instrument the book already holds, then close it at the same
// price), then book and risk must be HITs at a data version no older than the write's
// (docs/cache-protocol.md §Writes: invalidate, then refresh, before the write is acknowledged).
// Not perfectly invisible: entry and exit transaction costs (a few centavos) become realized
// P&L, and the journal (append-only) keeps an OPEN and a CLOSE entry.
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import {
  assertHit,
  type Check,
  canWrite,
  expectStatus,
  failWith,
  type Outcome,
  pass,
  skip,
  type VerifyContext,
} from "./check-kit.ts";
import { dataVersion, describeCacheStatus, field } from "./response-meta.ts";

export const PROBE_NOTIONAL_BRL = 1000;
const NOTE = "pms-edge go-live check (npm run verify): opened and closed at once at the same price";

interface Instrument {
  instrument: string;
  asset_class: string;
  price: number;
}

function pickInstrument(book: unknown): Instrument | undefined {
  const positions = (book as { positions?: unknown } | undefined)?.positions;
  if (!Array.isArray(positions)) return undefined;
  for (const p of positions as Array<Record<string, unknown>>) {
    const price = typeof p.current_price === "number" && p.current_price > 0 ? p.current_price : p.entry_price;
    if (
      typeof p.instrument === "string" &&
      typeof p.asset_class === "string" &&
      typeof price === "number" &&
      price > 0
    ) {
      return { instrument: p.instrument, asset_class: p.asset_class, price };
    }
  }
  return undefined;
}

function notRunning(ctx: VerifyContext): Outcome | undefined {
  if (!ctx.allowWrites) return skip("writes not allowed: pass --allow-writes to run a tiny reversible trade");
  if (!canWrite(ctx)) return skip(`needs a MANAGER or ADMIN token (this one is ${ctx.role ?? "without a role"})`);
  return undefined;
}

async function reversibleTrade(ctx: VerifyContext): Promise<Outcome> {
  const blocked = notRunning(ctx);
  if (blocked) return blocked;
  const book = await ctx.http({ method: "GET", path: `${API_PREFIX}/book` });
  expectStatus(book, 200, "GET book");
  const pick = pickInstrument(book.body);
  if (!pick) failWith("the book has no open position to borrow an instrument and price from");

  const opened = await ctx.http({
    method: "POST",
    path: `${API_PREFIX}/book/positions/open`,
    json: {
      instrument: pick.instrument,
      asset_class: pick.asset_class,
      direction: "LONG",
      notional_brl: PROBE_NOTIONAL_BRL,
      execution_price: pick.price,
      manager_thesis: NOTE,
      strategy_ids: [],
    },
  });
  expectStatus(opened, 201, "open");
  const id = field(opened, "id");
  const openVersion = dataVersion(opened);
  if (id === undefined) failWith("open answered 201 without a position id");

  const closed = await ctx.http({
    method: "POST",
    path: `${API_PREFIX}/book/positions/${String(id)}/close`,
    json: { close_price: pick.price, manager_notes: NOTE },
  });
  if (closed.status !== 200) {
    failWith(
      `close answered ${closed.status} (${describeCacheStatus(closed)}): position ${String(id)} is STILL OPEN; close it with POST ${API_PREFIX}/book/positions/${String(id)}/close {"close_price": ${pick.price}}`,
    );
  }
  const version = dataVersion(closed);
  if (version === undefined) failWith("close answered without PMS-Data-Version");
  if (openVersion !== undefined && version <= openVersion) {
    failWith(`PMS-Data-Version did not increase across two writes (${openVersion} → ${version})`);
  }
  ctx.state.writeVersion = version;
  // docs/cache-protocol.md §Failures: a committed write whose invalidation failed says so in Cache-Status.
  const troubled = [opened, closed].find((r) =>
    /invalidation-failed|fwd=bypass/i.test(r.headers["cache-status"] ?? ""),
  );
  if (troubled) {
    failWith(
      `trade committed and reversed (position ${String(id)}), but the edge could not invalidate: ${describeCacheStatus(troubled)}`,
    );
  }
  return pass(
    `opened and closed position ${String(id)} (${pick.instrument} ${PROBE_NOTIONAL_BRL} BRL at ${pick.price}); versions ${openVersion ?? "?"} → ${version}; ${describeCacheStatus(closed)}`,
  );
}

function readAfterWrite(name: "book" | "risk", path: string): Check {
  return {
    name: `after write: ${name} HIT at the write's version`,
    async run(ctx) {
      const blocked = notRunning(ctx);
      if (blocked) return blocked;
      const written = ctx.state.writeVersion;
      if (written === undefined) failWith("the write did not complete");
      const res = await ctx.http({ method: "GET", path });
      const hit = assertHit(res, ctx.ttl[name] + ctx.slackSeconds, `${name} after the write`);
      if (hit.version < written) failWith(`served version ${hit.version}, older than the write's ${written}`);
      return pass(`hit at version ${hit.version} ≥ ${written}, age ${hit.age} s`);
    },
  };
}

export const WRITE_CHECKS: readonly Check[] = [
  { name: "write: reversible trade", run: reversibleTrade },
  readAfterWrite("book", `${API_PREFIX}/book`),
  readAfterWrite("risk", `${API_PREFIX}/risk/live`),
];
