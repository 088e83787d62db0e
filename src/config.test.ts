// The parsed configuration is kept per env object (workerd passes an isolate's requests the same
// one): a second request does not parse again, and another env gets its own.
import { describe, expect, it } from "vitest";
import { type Bindings, configOf } from "./config.ts";

const env = (vars: Record<string, string>) => ({ FUND_ID: "demo", ...vars }) as unknown as Bindings;

describe("configOf", () => {
  it("parses an env once and another env apart", () => {
    const a = env({ CACHE_TTL_BOOK: "30" });
    const b = env({ CACHE_TTL_BOOK: "45" });
    expect(configOf(a)).toBe(configOf(a));
    expect(configOf(a).ttl.book).toBe(30);
    expect(configOf(b).ttl.book).toBe(45);
  });

  it("still refuses a bad var on every request (nothing is kept)", () => {
    const bad = env({ CACHE_TTL_BOOK: "soon" });
    expect(() => configOf(bad)).toThrow(/CACHE_TTL_BOOK/);
    expect(() => configOf(bad)).toThrow(/CACHE_TTL_BOOK/);
  });
});
