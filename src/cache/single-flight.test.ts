import { describe, expect, it } from "vitest";
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
});
