import { describe, expect, it } from "vitest";
import { createPrng } from "./prng.ts";

describe("prng", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it("matches the published mulberry32 first output for seed 1", () => {
    // Reference implementation (bryc/code PRNGs.md) with a = 1: first value 0.6270739405881613.
    expect(createPrng(1).next()).toBeCloseTo(0.6270739405881613, 15);
  });

  it("draws uniforms in [0,1) and normals with mean ≈ 0 and sd ≈ 1", () => {
    const r = createPrng(7);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const z = r.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    // Standard error of the mean is 1/√20000 ≈ 0.007; 0.03 is over 4 standard errors.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it("int and pick stay in range", () => {
    const r = createPrng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(["x"]).toContain(r.pick(["x"]));
    expect(() => r.pick([])).toThrow(RangeError);
  });
});
