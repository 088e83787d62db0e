import { describe, expect, it } from "vitest";
import { Breaker } from "./isolate-state.ts";

describe("Breaker", () => {
  it("opens after the threshold, lets exactly one probe through after the cooldown, and closes on its success", () => {
    const b = new Breaker();
    b.threshold = 2;
    b.cooldownMs = 1_000;
    expect(b.allow(0)).toBe(true);
    b.failure(0);
    expect(b.allow(0)).toBe(true); // one failure: still closed
    b.failure(10);
    expect(b.allow(500)).toBe(false); // open
    expect(b.allow(1_010)).toBe(true); // cooldown over: the probe
    expect(b.allow(1_011)).toBe(false); // concurrent callers keep skipping Redis
    b.success();
    expect(b.allow(1_012)).toBe(true);
    expect(b.snapshot(1_012).state).toBe("closed");
  });

  it("re-opens at once when the probe fails", () => {
    const b = new Breaker();
    b.threshold = 1;
    b.cooldownMs = 1_000;
    b.failure(0);
    expect(b.allow(1_000)).toBe(true);
    b.failure(1_000);
    expect(b.allow(1_500)).toBe(false);
    expect(b.allow(2_000)).toBe(true);
  });
});
