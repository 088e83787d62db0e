// wrangler.toml keeps no URL at the top level and only REPLACE-ME placeholders in
// [env.production]: a Worker deployed without real URLs must say so, not call anywhere.
import { describe, expect, it } from "vitest";
import { deploymentUrl } from "./services.ts";

describe("deployment URLs", () => {
  it("refuses a missing URL and the production placeholder, naming the var", () => {
    expect(() => deploymentUrl("ORIGIN_URL", undefined)).toThrow(/ORIGIN_URL is not configured/);
    expect(() => deploymentUrl("ORIGIN_URL", "")).toThrow(/ORIGIN_URL is not configured/);
    expect(() => deploymentUrl("UPSTASH_REDIS_REST_URL", "https://REPLACE-ME.upstash.io")).toThrow(
      /UPSTASH_REDIS_REST_URL is still the placeholder/,
    );
    expect(deploymentUrl("ORIGIN_URL", "https://pms.example.com")).toBe("https://pms.example.com");
  });
});
