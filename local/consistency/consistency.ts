// The consistency checker: writers and readers run concurrently against one edge or several
// (each its own isolate) for a bounded time; every acknowledged write records the version it
// produced and what it changed, every read the moment it started, the edge it went to, its
// versions and the content facts of its body. The property: no read that started after a write
// was acknowledged returns older data — by PMS-Data-Version, by PMS-Computed-Version for the
// tiers the write affects, and by content — whatever the read's Cache-Status (hit, miss, stale,
// bypass). The oracles are in consistency-oracles.ts.
//
// Runtime-agnostic on purpose (no workerd or Node imports): the Worker tests pass the in-process
// edge's fetch, a soak run passes an HTTP fetch against a running edge. Ordering uses a logical
// clock, not wall time: a read "starts after an ack" when its start tick is later than the tick
// taken when the write's response arrived, which is exact in one JavaScript thread (the caller's).

import { contentOf, hasContent, type ReadContent, type WriteEffect } from "./consistency-content.ts";
import { checkReads, type InvalidationFailureBound, type InvalidationFailureStats } from "./consistency-oracles.ts";

export type { InvalidationFailureBound, InvalidationFailureStats, ReadContent, WriteEffect };
export type CheckRole = "VIEWER" | "MANAGER" | "RISK_OFFICER" | "ADMIN";
export type CheckFetch = (path: string, init: { role: CheckRole; method?: string; body?: string }) => Promise<Response>;

/** mtm: POST /mtm; open-close: open a position then close it; approve-reject: approve one pending
 * proposal and reject another (generating proposals when too few are pending); pack: regenerate
 * the morning pack; price: POST /mtm overriding the watched instrument's price, strictly higher
 * each time (the only writer allowed to move that price, so "mtm" cannot run beside it: an MTM
 * without the override resets the price from market data). */
export type WriterKind = "mtm" | "open-close" | "approve-reject" | "pack" | "price";

export interface ScheduledEvent {
  /** Milliseconds after the start of the run. */
  atMs: number;
  name: string;
  run(): Promise<void>;
}

export interface ConsistencyOptions {
  /** One edge. Give this or `edges`. */
  fetch?: CheckFetch;
  /** Several edges: every read and write goes to one picked at random; records keep its index. */
  edges?: readonly CheckFetch[];
  /** Edge indexes writes go to (default: all); e.g. to keep writes off an edge cut from Redis. */
  writeEdges?: readonly number[];
  /** The instrument whose price the "price" writer raises and /book reads are checked against. */
  watchedInstrument?: string;
  /** When writes acknowledged with invalidation-failed start binding on other edges (default: at once). */
  invalidationFailureBound?: InvalidationFailureBound;
  /** Wall clock for the invalidation-failure bound (default Date.now). */
  now?: () => number;
  durationMs: number;
  /** Concurrent reader loops (default 8). */
  readers?: number;
  /** One loop per entry (default: mtm, open-close, approve-reject). */
  writers?: readonly WriterKind[];
  /** Paths the readers pick from at random (default: the four tiers plus two uncached reads). */
  readPaths?: readonly string[];
  /** Faults and recoveries to run during the run (stop Redis, restart the origin, …). */
  events?: readonly ScheduledEvent[];
  /** Pause of each writer between two writes (default 20 ms), so readers see every version. */
  writePauseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WriteRecord {
  kind: string;
  /** Index of the edge that answered it. */
  edge: number;
  method: string;
  path: string;
  startTick: number;
  ackTick: number;
  /** Wall clock at start and acknowledgement. */
  startMs: number;
  ackMs: number;
  status: number;
  version: number | null;
  cacheStatus: string | null;
  /** What a 2xx write changed that reads can check. */
  effect?: WriteEffect;
}

export interface ReadRecord {
  path: string;
  edge: number;
  startTick: number;
  endTick: number;
  startMs: number;
  status: number;
  version: number | null;
  /** PMS-Computed-Version; null when the edge did not send it (then PMS-Data-Version stands in). */
  computedVersion: number | null;
  cacheStatus: string | null;
  content?: ReadContent;
}

export interface Violation {
  rule:
    | "read-older-than-acked-write"
    | "computed-older-than-acked-write"
    | "price-older-than-acked-write"
    | "opened-position-missing"
    | "closed-position-present"
    | "pack-older-than-acked-generate"
    | "write-older-than-acked-write"
    | "ok-without-version"
    | "duplicate-write-version";
  read?: ReadRecord;
  write?: WriteRecord;
  earlier?: WriteRecord;
  /** The content values compared, for content rules. */
  detail?: string;
}

export interface ConsistencyReport {
  writes: WriteRecord[];
  reads: ReadRecord[];
  /** Event name → tick when it finished (or "failed: …"). */
  events: Array<{ name: string; tick: number; error?: string }>;
  violations: Violation[];
  invalidationFailures: InvalidationFailureStats;
  /** One-line summary: counts of reads and writes by outcome and Cache-Status. */
  summary: string;
}

const DEFAULT_READS = [
  "/api/v1/pms/book",
  "/api/v1/pms/risk/live",
  "/api/v1/pms/attribution?period=mtd",
  "/api/v1/pms/morning-pack/latest",
  "/api/v1/pms/book/positions?is_open=true",
  "/api/v1/pms/trades/proposals?status=PENDING",
];

function versionOf(res: Response, header = "PMS-Data-Version"): number | null {
  const raw = res.headers.get(header);
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}

const ok = (status: number) => status >= 200 && status < 300;

export async function runConsistencyCheck(opts: ConsistencyOptions): Promise<ConsistencyReport> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const readPaths = opts.readPaths ?? DEFAULT_READS;
  const writers = opts.writers ?? ["mtm", "open-close", "approve-reject"];
  const pause = opts.writePauseMs ?? 20;
  const now = opts.now ?? Date.now;
  const edges = opts.edges ?? (opts.fetch ? [opts.fetch] : []);
  if (edges.length === 0) throw new Error("runConsistencyCheck: give fetch or edges");
  if (writers.includes("price") && writers.includes("mtm"))
    throw new Error("the price writer must be the only MTM writer");
  if (writers.includes("price") && !opts.watchedInstrument) throw new Error("the price writer needs watchedInstrument");
  const pickEdge = () => Math.floor(Math.random() * edges.length);
  const writeEdges = opts.writeEdges ?? edges.map((_, i) => i);
  const pickWriteEdge = () => writeEdges[Math.floor(Math.random() * writeEdges.length)]!;
  let clock = 0;
  const tick = () => ++clock;
  const writes: WriteRecord[] = [];
  const reads: ReadRecord[] = [];
  const events: ConsistencyReport["events"] = [];
  let running = true;

  /** Sends a write; `effect` (given the 2xx body) says what it changed, recorded on the write. */
  async function write(
    kind: string,
    method: string,
    path: string,
    role: CheckRole,
    body?: unknown,
    effect?: (json: any) => WriteEffect | undefined,
  ): Promise<{ res: Response | null; json: any }> {
    const edge = pickWriteEdge();
    const startMs = now();
    const startTick = tick();
    let res: Response | null = null;
    try {
      res = await edges[edge]!(path, { role, method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      res = null;
    }
    const ackTick = tick();
    const status = res?.status ?? 0;
    const record: WriteRecord = {
      kind,
      edge,
      method,
      path,
      startTick,
      ackTick,
      startMs,
      ackMs: now(),
      status,
      version: res ? versionOf(res) : null,
      cacheStatus: res?.headers.get("Cache-Status") ?? null,
    };
    writes.push(record);
    let json: any = null;
    if (res && ok(status)) json = await res.json().catch(() => null);
    else await res?.body?.cancel();
    const changed = effect?.(json);
    // A close names its position in the path, and a price write its price, so their effects are
    // known without an answer; and such a write that failed (a 5xx, a lost answer) may still have
    // committed, even after later writes: the content oracle (consistency-oracles.ts) must see
    // those attempts too. Other effects come from the 2xx body and are recorded only then.
    const known = changed?.closed !== undefined || changed?.price !== undefined;
    if (changed && ((res && ok(status)) || known)) record.effect = changed;
    return { res, json };
  }

  async function get(path: string, role: CheckRole = "VIEWER"): Promise<any> {
    const res = await edges[pickEdge()]!(path, { role }).catch(() => null);
    if (!res || !ok(res.status)) {
      await res?.body?.cancel();
      return null;
    }
    return res.json().catch(() => null);
  }

  let lastPrice: number | undefined;
  const writerLoops: Record<WriterKind, () => Promise<void>> = {
    async price() {
      const instrument = opts.watchedInstrument!;
      if (lastPrice === undefined) {
        const book = await get("/api/v1/pms/book");
        const found = (book?.positions ?? []).find((p: { instrument: string }) => p.instrument === instrument);
        if (typeof found?.current_price !== "number") return; // retried on the next loop
        lastPrice = found.current_price as number;
      }
      // Small relative steps: hundreds of marks move the price by a few percent at most.
      const price = lastPrice + Math.max(lastPrice * 1e-5, 1e-6);
      lastPrice = price; // even if the write fails: it may have committed, the next must be higher
      await write("price", "POST", "/api/v1/pms/mtm", "MANAGER", { price_overrides: { [instrument]: price } }, () => ({
        price,
      }));
    },
    async mtm() {
      await write("mtm", "POST", "/api/v1/pms/mtm", "MANAGER", { price_overrides: {} });
    },
    async "open-close"() {
      const opened = await write(
        "open",
        "POST",
        "/api/v1/pms/book/positions/open",
        "MANAGER",
        {
          instrument: "IBOV_FUT",
          asset_class: "EQUITY",
          direction: "LONG",
          notional_brl: 250_000,
          execution_price: 120_000,
          manager_thesis: "consistency checker position",
          strategy_ids: ["soak"],
        },
        (json) => (typeof json?.id === "number" ? { opened: json.id } : undefined),
      );
      await closeLater(opened.json?.id, 120_500);
    },
    async "approve-reject"() {
      let pending = ((await get("/api/v1/pms/trades/proposals?status=PENDING")) ?? []) as Array<{ id: number }>;
      if (pending.length < 2) {
        await write("generate", "POST", "/api/v1/pms/trades/proposals/generate", "MANAGER", {
          signals: [
            { instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.8 },
            { instrument: "ES", asset_class: "EQUITY", direction: "SHORT", conviction: 0.7 },
          ],
        });
        pending = ((await get("/api/v1/pms/trades/proposals?status=PENDING")) ?? []) as Array<{ id: number }>;
      }
      const [a, b] = pending;
      if (a) {
        const approved = await write(
          "approve",
          "POST",
          `/api/v1/pms/trades/proposals/${a.id}/approve`,
          "MANAGER",
          { execution_price: 100, execution_notional_brl: 100_000 },
          (json) => (typeof json?.position_id === "number" ? { opened: json.position_id } : undefined),
        );
        // Closed again, as the open-close writer does: positions left open would add up over a
        // long phase until the origin's pre-trade check refused every open and approval (422).
        await closeLater(approved.json?.position_id, 100);
      }
      if (b)
        await write("reject", "POST", `/api/v1/pms/trades/proposals/${b.id}/reject`, "MANAGER", {
          manager_notes: "consistency checker",
        });
    },
    async pack() {
      await write("pack", "POST", "/api/v1/pms/morning-pack/generate", "MANAGER", { force: true }, (json) =>
        typeof json?.id === "number" ? { packId: json.id } : undefined,
      );
    },
  };

  /** Closes the position a write opened (when it answered with its id), after the writers' pause. */
  async function closeLater(id: unknown, closePrice: number) {
    if (typeof id !== "number") return;
    await sleep(pause);
    await write(
      "close",
      "POST",
      `/api/v1/pms/book/positions/${id}/close`,
      "MANAGER",
      { close_price: closePrice },
      () => ({
        closed: id,
      }),
    );
  }

  async function writerLoop(kind: WriterKind) {
    while (running) {
      await writerLoops[kind]();
      await sleep(pause);
    }
  }

  async function readerLoop() {
    while (running) {
      const path = readPaths[Math.floor(Math.random() * readPaths.length)]!;
      const edge = pickEdge();
      const startMs = now();
      const startTick = tick();
      let res: Response | null = null;
      try {
        res = await edges[edge]!(path, { role: "VIEWER" });
      } catch {
        res = null;
      }
      const endTick = tick();
      const record: ReadRecord = {
        path,
        edge,
        startTick,
        endTick,
        startMs,
        status: res?.status ?? 0,
        version: res ? versionOf(res) : null,
        computedVersion: res ? versionOf(res, "PMS-Computed-Version") : null,
        cacheStatus: res?.headers.get("Cache-Status") ?? null,
      };
      reads.push(record);
      if (res && ok(res.status) && hasContent(path)) {
        const content = contentOf(path, await res.json().catch(() => null), opts.watchedInstrument);
        if (content) record.content = content;
      } else await res?.body?.cancel();
      // Yield so writers and scheduled events interleave even when every read is a fast HIT.
      await sleep(1);
    }
  }

  const scheduled = (opts.events ?? []).map(async (event) => {
    await sleep(event.atMs);
    try {
      await event.run();
      events.push({ name: event.name, tick: tick() });
    } catch (error) {
      events.push({ name: event.name, tick: tick(), error: String(error) });
    }
  });
  const loops = [
    ...writers.map((kind) => writerLoop(kind)),
    ...Array.from({ length: opts.readers ?? 8 }, () => readerLoop()),
  ];
  await sleep(opts.durationMs);
  running = false;
  await Promise.all([...loops, ...scheduled]);

  const { violations, invalidationFailures } = checkHistory(writes, reads, opts.invalidationFailureBound);
  return { writes, reads, events, violations, invalidationFailures, summary: summarise(writes, reads, edges.length) };
}

/**
 * The checks over a recorded history:
 *  - the read oracles (data version, computed version, content; consistency-oracles.ts);
 *  - a write that started after another was acknowledged produced a higher version;
 *  - two acknowledged writes never report the same version (each commit is one version);
 *  - every 2xx answer carries PMS-Data-Version (the contract's "every response").
 */
export function checkHistory(
  writes: readonly WriteRecord[],
  reads: readonly ReadRecord[],
  bound?: InvalidationFailureBound,
): { violations: Violation[]; invalidationFailures: InvalidationFailureStats } {
  const acked = writes.filter((w) => ok(w.status) && w.version !== null).sort((a, b) => a.ackTick - b.ackTick);
  const violations: Violation[] = [];
  for (const w of writes)
    if (ok(w.status) && w.version === null) violations.push({ rule: "ok-without-version", write: w });
  const checked = checkReads(writes, reads, bound);
  violations.push(...checked.violations);

  // Writes are answered by the origin, never by a cache: no excuse applies to them.
  for (const w of acked) {
    let earlier: WriteRecord | undefined;
    for (const x of acked) {
      if (x.ackTick >= w.startTick) break;
      if (!earlier || x.version! > earlier.version!) earlier = x;
    }
    if (earlier && w.version! <= earlier.version!)
      violations.push({ rule: "write-older-than-acked-write", write: w, earlier });
  }
  const byVersion = new Map<number, WriteRecord>();
  for (const w of acked) {
    const other = byVersion.get(w.version!);
    if (other) violations.push({ rule: "duplicate-write-version", write: w, earlier: other });
    byVersion.set(w.version!, w);
  }
  return { violations, invalidationFailures: checked.invalidationFailures };
}

function countBy<T>(items: readonly T[], key: (t: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort()
    .map(([k, n]) => `${k}=${n}`)
    .join(" ");
}

/** The cache outcome of a response: hit, miss, stale, bypass, request (writes) or none. */
export function cacheOutcome(cacheStatus: string | null): string {
  if (!cacheStatus) return "none";
  const m = /; (hit)|fwd=(\w+)/.exec(cacheStatus);
  return m?.[1] ?? m?.[2] ?? "other";
}

function summarise(writes: readonly WriteRecord[], reads: readonly ReadRecord[], edges: number): string {
  const lines = [
    `writes ${writes.length} (${countBy(writes, (w) => `${w.kind}:${w.status}`)})`,
    `reads ${reads.length} (status ${countBy(reads, (r) => String(r.status))}; cache ${countBy(reads, (r) => cacheOutcome(r.cacheStatus))})`,
  ];
  if (edges > 1) {
    lines.push(`by edge: reads ${countBy(reads, (r) => `e${r.edge}:${cacheOutcome(r.cacheStatus)}`)}`);
    lines.push(
      `writes ${countBy(writes, (w) => `e${w.edge}:${w.status}${/invalidation-failed/.test(w.cacheStatus ?? "") ? ":inv-failed" : ""}`)}`,
    );
  }
  return lines.join("; ");
}

/** A violation as text: the rule, the write (and earlier write) and the read, with edges, ticks, versions and content. */
export function describeViolation(v: Violation): string {
  const w = (x: WriteRecord) =>
    `${x.kind} ${x.method} ${x.path} @edge ${x.edge} → ${x.status} v${x.version} [start ${x.startTick}, ack ${x.ackTick} (+${x.ackMs - x.startMs} ms)] ${x.cacheStatus ?? ""}${x.effect ? ` ${JSON.stringify(x.effect)}` : ""}`;
  const lines = [`${v.rule}:${v.detail ? ` ${v.detail}` : ""}`];
  if (v.write) lines.push(`  write   ${w(v.write)}`);
  if (v.earlier) lines.push(`  earlier ${w(v.earlier)}`);
  if (v.read) {
    const r = v.read;
    const content = r.content ? ` ${JSON.stringify({ ...r.content, openIds: r.content.openIds?.length })}` : "";
    lines.push(
      `  read    GET ${r.path} @edge ${r.edge} → ${r.status} v${r.version} computed ${r.computedVersion ?? "(absent)"} [start ${r.startTick}, end ${r.endTick}${v.write ? `, ${r.startMs - v.write.ackMs} ms after ack` : ""}] ${r.cacheStatus ?? ""}${content}`,
    );
  }
  return lines.join("\n");
}
