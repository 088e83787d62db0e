// Token rules (docs/security.md §Tokens): iat required with a clock-skew allowance, lifetime
// capped, fund required unless the deployment says otherwise. Each case signs its own token.
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { harness } from "../testing/app-harness.ts";

const SECRET = "unit-test-secret"; // the harness's JWT_SECRET
const now = () => Math.floor(Date.now() / 1000);

async function statusFor(claims: Record<string, unknown>, vars: Record<string, string> = {}) {
  const h = harness(vars);
  const jwt = await sign({ sub: "vera", role: "VIEWER", fund: "demo", ...claims }, SECRET, "HS256");
  const res = await h.get("/risk/limits", { Authorization: `Bearer ${jwt}` });
  if (res.status !== 200) expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  return res.status;
}

describe("token rules", () => {
  it("requires iat", async () => {
    expect(await statusFor({ exp: now() + 600 })).toBe(401);
    expect(await statusFor({ iat: now(), exp: now() + 600 })).toBe(200);
  });

  it("lets a token issued up to the skew allowance in the future through, not later", async () => {
    expect(await statusFor({ iat: now() + 55, exp: now() + 600 })).toBe(200);
    expect(await statusFor({ iat: now() + 180, exp: now() + 600 })).toBe(401);
    expect(await statusFor({ iat: now() + 55, exp: now() + 600 }, { JWT_CLOCK_SKEW_SECONDS: "0" })).toBe(401);
    expect(await statusFor({ iat: now(), nbf: now() + 180, exp: now() + 600 })).toBe(401);
  });

  it("caps the lifetime exp − iat (12 h by default, configurable)", async () => {
    expect(await statusFor({ iat: 1, exp: 7_258_118_400 })).toBe(401); // iat 1970, exp 2200
    expect(await statusFor({ iat: now(), exp: now() + 12 * 3600 + 60 })).toBe(401);
    expect(await statusFor({ iat: now(), exp: now() + 12 * 3600 })).toBe(200);
    expect(await statusFor({ iat: now(), exp: now() + 3600 }, { JWT_MAX_LIFETIME_SECONDS: "600" })).toBe(401);
  });

  it("requires the fund claim unless JWT_REQUIRE_FUND=false", async () => {
    expect(await statusFor({ iat: now(), exp: now() + 600, fund: undefined })).toBe(401);
    expect(await statusFor({ iat: now(), exp: now() + 600, fund: undefined }, { JWT_REQUIRE_FUND: "false" })).toBe(200);
    expect(await statusFor({ iat: now(), exp: now() + 600, fund: "other" })).toBe(403);
  });

  it("refuses an expired token", async () => {
    expect(await statusFor({ iat: now() - 600, exp: now() - 1 })).toBe(401);
  });
});
