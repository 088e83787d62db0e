// The two races the cache protocol closes (docs/cache-protocol.md §Fills and leases): a fill that straddles a write must not store its old payload, and
// a burst of identical cold reads must not stampede the origin.
import { afterEach, describe, expect, it } from "vitest";
import { originCalls } from "./support/counters.ts";
import { bridgeFault } from "./support/fault-control.ts";
import { control, type IsolatedSystem, isolatedSystem, sleep } from "./support/stack.ts";

let sys: IsolatedSystem | undefined;
afterEach(async () => {
  await sys?.dispose();
  sys = undefined;
});

describe("a read that straddles a write", () => {
  it("does not store its pre-write payload", async () => {
    sys = await isolatedSystem({ ORIGIN_TIMEOUT_MS: "20000" });
    const system = sys;
    const books = () => originCalls(system.origin, { route: "/api/v1/pms/book" });
    const bump = () => system.fetch("/api/v1/pms/pipeline/backfill-returns", { method: "POST", role: "ADMIN" });
    let slowRead: Promise<Response> | undefined;
    for (let attempt = 1; !slowRead; attempt++) {
      // Long enough for the write below to commit and bump on a loaded machine before it returns.
      await control("POST", `/origins/${system.origin.id}/latency`, { ms: 5000 });
      const booksBefore = await books();
      const read = system.fetch("/api/v1/pms/book", { role: "VIEWER" });
      // Until the origin has computed the read's payload (it counts a call once computed, before
      // the delay): the read has taken its generations and its payload is on the slow way back.
      const deadline = Date.now() + 20_000;
      while ((await books()) === booksBefore) {
        if (Date.now() > deadline) throw new Error("the read never reached the origin");
        await sleep(20);
      }
      // The origin takes a latency change over IPC, a moment after the control call returns: a
      // read that arrived before it comes back at once, and the interleaving was missed. Then
      // make the key cold again and retry.
      const early = await Promise.race([read.then(() => true), sleep(1_000).then(() => false)]);
      if (!early) slowRead = read;
      else {
        if (attempt === 3) throw new Error("three reads in a row came back before the origin's delay was in force");
        await control("POST", `/origins/${system.origin.id}/latency`, { ms: 0 });
        expect((await bump()).status).toBe(200);
      }
    }
    await control("POST", `/origins/${sys.origin.id}/latency`, { ms: 0 });
    // The returns backfill bumps portfolio and pushes nothing back: after it, only the straddling
    // read could fill the book entry.
    const write = await bump();
    expect(write.status).toBe(200);
    const writeVersion = Number(write.headers.get("PMS-Data-Version"));

    const read = await slowRead;
    expect(read.status).toBe(200);
    const seen = `read: ${read.headers.get("Cache-Status")} v${read.headers.get("PMS-Data-Version")}; write v${writeVersion}`;
    expect(read.headers.get("Cache-Status"), seen).toMatch(/fill-dropped/);
    // The read was computed before the write: this is the interleaving under test.
    expect(Number(read.headers.get("PMS-Data-Version")), seen).toBeLessThan(writeVersion);

    const next = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    expect(next.headers.get("Cache-Status")).toMatch(/fwd=miss/);
    expect(Number(next.headers.get("PMS-Data-Version"))).toBeGreaterThanOrEqual(writeVersion);
  });
});

describe("a burst of cold reads", () => {
  it("makes at most 2 origin calls for 50 concurrent GETs of /risk/live", async () => {
    sys = await isolatedSystem({}, { originLatencyMs: 300 });
    const before = await originCalls(sys.origin, { route: "/api/v1/pms/risk/live" });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => sys!.fetch("/api/v1/pms/risk/live", { role: "VIEWER" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const versions = new Set(responses.map((r) => r.headers.get("PMS-Data-Version")));
    expect(versions.size).toBe(1);
    expect((await originCalls(sys.origin, { route: "/api/v1/pms/risk/live" })) - before).toBeLessThanOrEqual(2);
  });

  // With Redis failing no lease can collapse the burst: only the isolate's single-flight queue
  // does (docs/cache-protocol.md §Fills and leases: at most one call in flight and one queued per
  // key and isolate). The origin's latency keeps the burst inside one call.
  it("makes at most 2 origin calls for 50 concurrent GETs of /risk/live with Redis failing", async () => {
    sys = await isolatedSystem({}, { originLatencyMs: 300 });
    await bridgeFault(sys, { mode: "error" });
    const before = await originCalls(sys.origin, { route: "/api/v1/pms/risk/live" });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => sys!.fetch("/api/v1/pms/risk/live", { role: "VIEWER" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    for (const r of responses) expect(r.headers.get("Cache-Status")).toMatch(/fwd=bypass/);
    expect((await originCalls(sys.origin, { route: "/api/v1/pms/risk/live" })) - before).toBeLessThanOrEqual(2);
  });
});
