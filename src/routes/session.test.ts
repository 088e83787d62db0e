// GET /session tells a client who the edge takes it to be: how the desk behind Cloudflare Access
// (no token of its own) learns its role.
import { describe, expect, it } from "vitest";
import { signUserToken } from "../auth/sign-token.ts";
import { harness, JWT_SECRET } from "../testing/app-harness.ts";

describe("GET /session", () => {
  it("answers the caller's subject, role and the edge's fund, never cached", async () => {
    const h = harness();
    const res = await h.get("/session", undefined, "RISK_OFFICER");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({ sub: "risk_officer@fund", role: "RISK_OFFICER", fund: "demo" });
    expect(h.origin.calls).toHaveLength(0);
  });

  it("takes the identity from Cf-Access-Jwt-Assertion when the request has no Authorization", async () => {
    const h = harness();
    const token = await signUserToken(JWT_SECRET, { role: "MANAGER", sub: "pm@fund", fund: "demo" });
    const res = await h.get("/session", { "Cf-Access-Jwt-Assertion": token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: "pm@fund", role: "MANAGER" });
  });

  it("is 401 without a token", async () => {
    const h = harness();
    const res = await h.get("/session", { Authorization: "Bearer not-a-jwt" });
    expect(res.status).toBe(401);
  });
});
