// "Read right after the write's acknowledgement": POST /mtm through the edge, then at once GET
// /book through the same edge. The write answers right after its bump and refreshes book and risk
// in the background holding their fill leases (docs/cache-protocol.md §Writes), so the read
// should wait for that write-back and answer it as a collapsed HIT: the write's data
// (PMS-Computed-Version equal to the write's PMS-Data-Version) and no origin call of its own.
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import { sleep } from "../../src/lib/sleep.ts";
import { edgePost } from "../clients.ts";
import { originCalls, type Percentiles, percentiles } from "../measure.ts";
import type { Stack } from "../stack.ts";
import { kindOf } from "./load.ts";

const BOOK_ROUTE = "/api/v1/pms/book";
const WRITE_BACK_SETTLE_MS = 1_000;

export interface ReadAfterWriteRow {
  samples: number;
  /** Reads whose PMS-Computed-Version was the write's PMS-Data-Version. */
  sawWrite: number;
  /** Origin GET /book calls beyond the write-back's one, summed over the samples (should be 0). */
  ownOriginCalls: number;
  /** The reads' Cache-Status kinds. */
  statuses: Record<string, number>;
  /** The read alone, from the write's acknowledgement to the read's last byte. */
  readMs: Percentiles;
}

export async function measureReadAfterWrite(stack: Stack, samples: number): Promise<ReadAfterWriteRow> {
  const statuses: Record<string, number> = {};
  const readTimes: number[] = [];
  let sawWrite = 0;
  let ownOriginCalls = 0;
  for (let i = 0; i < samples; i++) {
    const before = await originCalls(stack, BOOK_ROUTE);
    const { dataVersion } = await edgePost(stack, "/mtm", { price_overrides: {} });
    const t0 = performance.now();
    const res = await fetch(`${stack.edgeUrl}${API_PREFIX}/book`, {
      headers: { authorization: `Bearer ${stack.userToken}` },
    });
    await res.arrayBuffer();
    readTimes.push(performance.now() - t0);
    const status = res.ok ? kindOf(res.headers.get("cache-status") ?? "") : `HTTP ${res.status}`;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (Number(res.headers.get("pms-computed-version")) === dataVersion) sawWrite++;
    // A collapsed HIT waited for the write-back's store, so its GET /book has been answered. Any
    // other answer may have run beside the write-back: give that one time to land before counting.
    if (!status.includes("hit")) await sleep(WRITE_BACK_SETTLE_MS);
    ownOriginCalls += (await originCalls(stack, BOOK_ROUTE)) - before - 1;
  }
  return { samples, sawWrite, ownOriginCalls, statuses, readMs: percentiles(readTimes) };
}
