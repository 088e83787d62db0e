import { describe, expect, it, vi } from "vitest";
import { SingleFlight } from "./single-flight.ts";

/** A call the test settles by hand, counting how often `run` was invoked. */
function gatedCalls() {
  const gates: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let runs = 0;
  const run = () => {
    runs++;
    return new Promise<string>((resolve, reject) => gates.push({ resolve, reject }));
  };
  return { run, gates, runs: () => runs };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("SingleFlight.next", () => {
  it("lets a caller join a call sent after it started, never one sent before", async () => {
    const flights = new SingleFlight();
    const calls = gatedCalls();
    const early = flights.tick(); // a request that started before the call below was sent
    const first = flights.next("k", calls.run, { since: flights.tick() });
    const joined = flights.next("k", calls.run, { since: early });
    const late = flights.next("k", calls.run, { since: flights.tick() }); // started after the send
    expect(calls.runs()).toBe(1);
    calls.gates[0]!.resolve("A");
    expect(await first.promise).toBe("A");
    expect(await joined.promise).toBe("A");
    await tick();
    expect(calls.runs()).toBe(2); // the late caller's own call, sent after it started
    calls.gates[1]!.resolve("B");
    expect(await late.promise).toBe("B");
  });

  it("queues at most one call behind the running one, shared by every later caller", async () => {
    const flights = new SingleFlight();
    const calls = gatedCalls();
    flights.next("k", calls.run, { since: flights.tick() });
    const queued = Array.from({ length: 10 }, () => flights.next("k", calls.run, { since: flights.tick() }));
    calls.gates[0]!.resolve("A");
    await tick();
    calls.gates[1]!.resolve("B");
    expect(await Promise.all(queued.map((q) => q.promise))).toEqual(Array(10).fill("B"));
    expect(calls.runs()).toBe(2);
    expect(queued.filter((q) => q.leader)).toHaveLength(1);
  });

  it("sends the queued call after a failed one: a failure says little about the next call", async () => {
    const flights = new SingleFlight();
    const calls = gatedCalls();
    const first = flights.next("k", calls.run, { since: flights.tick() });
    const queued = flights.next("k", calls.run, { since: flights.tick() });
    calls.gates[0]!.reject(new Error("origin 502"));
    await expect(first.promise).rejects.toThrow("origin 502");
    await tick();
    calls.gates[1]!.resolve("B");
    expect(await queued.promise).toBe("B");
  });

  // Fake timers: a busy machine must not stretch the arrivals' spacing past the quiet period.
  it("gathers: a new call waits until arrivals pause, and every caller arriving meanwhile joins it", async () => {
    vi.useFakeTimers();
    try {
      const flights = new SingleFlight();
      const calls = gatedCalls();
      const gather = { quietMs: 30, maxMs: 1_000 };
      const arrivals = [flights.next("k", calls.run, { since: flights.tick(), gather })];
      // Arrivals every 10 ms for 100 ms: each keeps the call held (quiet period 30 ms).
      for (let i = 0; i < 10; i++) {
        await vi.advanceTimersByTimeAsync(10);
        expect(calls.runs()).toBe(0);
        arrivals.push(flights.next("k", calls.run, { since: flights.tick(), gather }));
      }
      await vi.advanceTimersByTimeAsync(29);
      expect(calls.runs()).toBe(0);
      await vi.advanceTimersByTimeAsync(31);
      expect(calls.runs()).toBe(1); // sent once the arrivals paused
      calls.gates[0]!.resolve("A");
      await vi.advanceTimersByTimeAsync(100);
      expect(await Promise.all(arrivals.map((a) => a.promise))).toEqual(Array(11).fill("A"));
      expect(arrivals.filter((a) => a.leader)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("gathers for at most maxMs, however long the arrivals go on", async () => {
    vi.useFakeTimers();
    try {
      const flights = new SingleFlight();
      const calls = gatedCalls();
      const gather = { quietMs: 30, maxMs: 60 };
      flights.next("k", calls.run, { since: flights.tick(), gather });
      for (let t = 0; t < 55; t += 5) {
        flights.next("k", calls.run, { since: flights.tick(), gather });
        await vi.advanceTimersByTimeAsync(5);
      }
      expect(calls.runs()).toBe(0);
      await vi.advanceTimersByTimeAsync(10);
      expect(calls.runs()).toBe(1); // sent at 60 ms although callers kept arriving
      // A caller arriving now (after the send) queues a call of its own, sent after the first.
      const late = flights.next("k", calls.run, { since: flights.tick(), gather });
      expect(late.leader).toBe(true);
      calls.gates[0]!.resolve("A");
      await vi.advanceTimersByTimeAsync(0);
      expect(calls.runs()).toBe(2);
      calls.gates[1]!.resolve("B");
      await vi.advanceTimersByTimeAsync(100);
      expect(await late.promise).toBe("B");
    } finally {
      vi.useRealTimers();
    }
  });
});
