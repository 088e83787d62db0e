// Auth runs before the cache and before the origin: no token, a forged, expired or alg=none
// token, a missing claim, a role too low or a token of another fund never sees cached data and
// never reaches the origin.
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCalls, originDataVersion } from "./support/counters.ts";
import { type IsolatedSystem, isolatedSystem, token } from "./support/stack.ts";
import { TEST_JWT_SECRET } from "./support/test-secret.ts";

let sys: IsolatedSystem;

beforeAll(async () => {
  sys = await isolatedSystem();
  // Warm the book so that a leak of cached data would be visible.
  for (let i = 0; i < 2; i++) expect((await sys.fetch("/api/v1/pms/book", { role: "VIEWER" })).status).toBe(200);
});
afterAll(() => sys.dispose());

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const now = () => Math.floor(Date.now() / 1000);

async function expectRefused(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect(res.headers.get("Cache-Status")).toBeNull();
  const text = await res.text();
  expect(text).not.toMatch(/positions|summary|aum/);
  expect(JSON.parse(text)).toMatchObject({ status, type: expect.stringMatching(/^urn:pms:problem:/) });
}

describe("authentication", () => {
  it.each([
    ["no token", undefined],
    ["a malformed header", "Token abc"],
    [
      "a token signed with another secret",
      async () => `Bearer ${await sign({ sub: "eve", role: "ADMIN", exp: now() + 60 }, "not-the-secret", "HS256")}`,
    ],
    ["an expired token", async () => `Bearer ${await token("MANAGER", { ttlSeconds: -60 })}`],
    [
      "alg none",
      () => `Bearer ${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "eve", role: "ADMIN", exp: now() + 60 })}.`,
    ],
    [
      "a token without sub",
      async () => `Bearer ${await sign({ role: "ADMIN", exp: now() + 60 }, TEST_JWT_SECRET, "HS256")}`,
    ],
    ["a token without exp", async () => `Bearer ${await sign({ sub: "x", role: "ADMIN" }, TEST_JWT_SECRET, "HS256")}`],
    [
      "an unknown role",
      async () => `Bearer ${await sign({ sub: "x", role: "GOD", exp: now() + 60 }, TEST_JWT_SECRET, "HS256")}`,
    ],
  ])("refuses %s with 401 and no cached data", async (_name, header) => {
    const value = typeof header === "function" ? await header() : header;
    const res = await sys.fetch("/api/v1/pms/book", value ? { headers: { Authorization: value } } : {});
    await expectRefused(res, 401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a token issued for another fund with 403", async () => {
    const res = await sys.fetch("/api/v1/pms/book", {
      headers: { Authorization: `Bearer ${await token("ADMIN", { fund: "other-fund" })}` },
    });
    await expectRefused(res, 403);
  });

  it("answers /health without a token", async () => {
    const res = await sys.fetch("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", redis: { ok: true }, origin: { ok: true } });
  });
});

describe("authorisation", () => {
  it("refuses a VIEWER write with 403 before the origin is called", async () => {
    const [callsBefore, versionBefore] = await Promise.all([originCalls(sys.origin), originDataVersion(sys.origin)]);
    const res = await sys.fetch("/api/v1/pms/mtm", {
      method: "POST",
      role: "VIEWER",
      body: JSON.stringify({ price_overrides: {} }),
    });
    await expectRefused(res, 403);
    expect(await originCalls(sys.origin)).toBe(callsBefore);
    expect(await originDataVersion(sys.origin)).toBe(versionBefore);
  });

  it("ignores spoofed PMS-Role / PMS-User headers", async () => {
    const res = await sys.fetch("/api/v1/pms/risk/emergency-stop", {
      method: "POST",
      role: "VIEWER",
      headers: { "PMS-Role": "ADMIN", "PMS-User": "root" },
      body: JSON.stringify({ reason: "spoof", manager_confirmation: true }),
    });
    await expectRefused(res, 403);
  });

  it("lets a MANAGER read but not trigger the ADMIN pipeline", async () => {
    expect((await sys.fetch("/api/v1/pms/risk/limits", { role: "MANAGER" })).status).toBe(200);
    await expectRefused(await sys.fetch("/api/v1/pms/pipeline/trigger", { method: "POST", role: "MANAGER" }), 403);
    await expectRefused(await sys.fetch("/api/v1/pms/cache/status", { role: "MANAGER" }), 403);
  });

  it("sends the verified identity to the origin, not the client's headers", async () => {
    const pending = (await (
      await sys.fetch("/api/v1/pms/trades/proposals?status=pending", { role: "MANAGER" })
    ).json()) as Array<{ id: number }>;
    expect(pending.length).toBeGreaterThan(0);
    const auth = `Bearer ${await token("MANAGER", { sub: "alice" })}`;
    const res = await sys.fetch(`/api/v1/pms/trades/proposals/${pending[0]!.id}/reject`, {
      method: "POST",
      headers: { Authorization: auth, "PMS-User": "mallory" },
      body: JSON.stringify({ manager_notes: "not now" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "REJECTED", reviewed_by: "alice" });
  });
});
