// The isolate's memo of verified signatures (verified-signatures.ts): it saves the signature check
// and nothing else. A remembered token still meets the claims' rules on every request, is refused
// under another secret, and a token that failed is never remembered.
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import type { TokenRules } from "../security-config.ts";
import { verifyUserToken } from "./jwt.ts";
import { MAX_REMEMBERED_TOKENS, rememberedTokens, verifiedPayload } from "./verified-signatures.ts";

const RULES: TokenRules = { skewSeconds: 60, maxLifetimeSeconds: 12 * 3600, requireFund: true };
const NOW = 1_800_000_000;
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "mara",
  role: "MANAGER",
  fund: "demo",
  iat: NOW,
  exp: NOW + 600,
  ...extra,
});

describe("verified signatures", () => {
  it("verifies a token once per key, and again under another key", async () => {
    let verifications = 0;
    const verify = async () => {
      verifications++;
      return { sub: "x" };
    };
    const token = `memo-${Math.random()}`;
    expect(await verifiedPayload(token, "key-a", verify)).toEqual({ sub: "x" });
    expect(await verifiedPayload(token, "key-a", verify)).toEqual({ sub: "x" });
    expect(verifications).toBe(1);
    await verifiedPayload(token, "key-b", verify);
    expect(verifications).toBe(2);
  });

  it("never remembers a token that failed", async () => {
    const before = rememberedTokens();
    const token = `bad-${Math.random()}`;
    const fail = () => Promise.reject(new Error("signature mismatch"));
    await expect(verifiedPayload(token, "key", fail)).rejects.toThrow("signature mismatch");
    await expect(verifiedPayload(token, "key", fail)).rejects.toThrow("signature mismatch");
    expect(rememberedTokens()).toBe(before);
  });

  it(`holds at most ${MAX_REMEMBERED_TOKENS} tokens`, async () => {
    for (let i = 0; i < MAX_REMEMBERED_TOKENS + 50; i++) await verifiedPayload(`many-${i}`, "k", async () => ({}));
    expect(rememberedTokens()).toBe(MAX_REMEMBERED_TOKENS);
  });

  it("checks a remembered token's claims on every request: it expires like any other", async () => {
    const token = await sign(claims(), "secret-a", "HS256");
    expect((await verifyUserToken(token, "secret-a", RULES, NOW)).sub).toBe("mara");
    expect((await verifyUserToken(token, "secret-a", RULES, NOW + 599)).sub).toBe("mara");
    await expect(verifyUserToken(token, "secret-a", RULES, NOW + 600)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses a remembered token once the secret is rotated, and a tampered copy of it", async () => {
    const token = await sign(claims(), "secret-a", "HS256");
    expect((await verifyUserToken(token, "secret-a", RULES, NOW)).role).toBe("MANAGER");
    await expect(verifyUserToken(token, "secret-b", RULES, NOW)).rejects.toMatchObject({ code: "unauthorized" });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${btoa(JSON.stringify(claims({ role: "ADMIN" }))).replace(/=+$/, "")}.${signature}`;
    await expect(verifyUserToken(forged, "secret-a", RULES, NOW)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
