// Tokens from an identity provider (docs/security.md §Identity): RS256 and ES256 verified against
// a real JWKS endpoint (a local HTTP server of the control plane, keys generated here), iss and
// aud checked, key rotation by kid, unknown kids, expiry, algorithm confusion, the endpoint down,
// the role from a claim or from groups, and Cloudflare Access's header.
import { sign } from "hono/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { control, edge, type TestEnv } from "./support/stack.ts";

const ISSUER = "https://idp.fund.example/";
const AUDIENCE = "pms-edge";
const now = () => Math.floor(Date.now() / 1000);
type Jwk = JsonWebKey & { kid: string; alg: string };

async function keyPair(alg: "RS256" | "ES256", kid: string): Promise<{ priv: Jwk; pub: Jwk }> {
  const params =
    alg === "RS256"
      ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
      : { name: "ECDSA", namedCurve: "P-256" };
  const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  const priv = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const pub = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { priv: { ...priv, kid, alg }, pub: { ...pub, kid, alg, use: "sig", key_ops: undefined } as Jwk };
}

const servers: string[] = [];
afterAll(() => Promise.allSettled(servers.map((id) => control("DELETE", `/jwks/${id}`))));

async function provider(keys: Jwk[]) {
  const server = await control<{ id: string; url: string }>("POST", "/jwks", { keys });
  servers.push(server.id);
  return {
    ...server,
    publish: (next: Jwk[]) => control("PUT", `/jwks/${server.id}`, { keys: next }),
    down: (down: boolean) => control("POST", `/jwks/${server.id}/down`, { down }),
    requests: async () => (await control<{ requests: number }>("GET", `/jwks/${server.id}/stats`)).requests,
  };
}

function claims(extra: Record<string, unknown> = {}) {
  return {
    sub: "alice",
    role: "VIEWER",
    fund: "demo",
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 600,
    ...extra,
  };
}

function oidcEdge(url: string, more: Partial<TestEnv> = {}) {
  return edge({
    OIDC_JWKS_URL: url,
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_JWKS_MIN_REFRESH_SECONDS: "0",
    ...more,
  } as Partial<TestEnv>);
}

async function status(
  e: ReturnType<typeof edge>,
  jwt: string,
  path = "/api/v1/pms/risk/limits",
  header = "Authorization",
) {
  const res = await e.fetch(path, { headers: { [header]: header === "Authorization" ? `Bearer ${jwt}` : jwt } });
  await res.body?.cancel();
  return res.status;
}

describe("identity provider tokens", () => {
  it("accepts RS256 and ES256 tokens of published keys, by Bearer or Cf-Access-Jwt-Assertion", async () => {
    const rsa = await keyPair("RS256", "rsa-1");
    const ec = await keyPair("ES256", "ec-1");
    const idp = await provider([rsa.pub, ec.pub]);
    const e = oidcEdge(idp.url);
    expect(await status(e, await sign(claims(), rsa.priv))).toBe(200);
    expect(await status(e, await sign(claims(), ec.priv))).toBe(200);
    expect(await status(e, await sign(claims(), ec.priv), undefined, "Cf-Access-Jwt-Assertion")).toBe(200);
    // The key set was fetched once and is held for the next tokens.
    expect(await idp.requests()).toBe(1);
  });

  it("follows a key rotation by kid; a retired key's tokens are refused", async () => {
    const old = await keyPair("RS256", "2026-11");
    const fresh = await keyPair("RS256", "2026-12");
    const idp = await provider([old.pub]);
    const e = oidcEdge(idp.url);
    expect(await status(e, await sign(claims(), old.priv))).toBe(200);
    await idp.publish([fresh.pub]);
    expect(await status(e, await sign(claims(), fresh.priv))).toBe(200);
    expect(await status(e, await sign(claims(), old.priv))).toBe(401);
  });

  it("refuses an unknown kid, a wrong audience or issuer, an expired token, and a token breaking the token rules", async () => {
    const key = await keyPair("ES256", "k");
    const stranger = await keyPair("ES256", "not-published");
    const e = oidcEdge((await provider([key.pub])).url);
    expect(await status(e, await sign(claims(), stranger.priv))).toBe(401);
    expect(await status(e, await sign(claims({ aud: "another-app" }), key.priv))).toBe(401);
    expect(await status(e, await sign(claims({ iss: "https://evil.example/" }), key.priv))).toBe(401);
    expect(await status(e, await sign(claims({ iat: now() - 900, exp: now() - 1 }), key.priv))).toBe(401);
    expect(await status(e, await sign(claims({ iat: undefined }), key.priv))).toBe(401);
    expect(await status(e, await sign(claims({ exp: now() + 13 * 3600 }), key.priv))).toBe(401);
    expect(await status(e, await sign(claims({ fund: undefined }), key.priv))).toBe(401);
    // A stranger's key with a published kid: the signature does not verify.
    expect(await status(e, await sign(claims(), { ...stranger.priv, kid: "k" }))).toBe(401);
  });

  it("refuses algorithm confusion: an HS256 token signed with the provider's public key", async () => {
    const key = await keyPair("RS256", "rsa");
    const idp = await provider([key.pub]);
    const header = { alg: "HS256", typ: "JWT", kid: "rsa" };
    const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const input = `${b64(header)}.${b64(claims({ role: "ADMIN" }))}`;
    for (const secret of [JSON.stringify(key.pub), key.pub.n!]) {
      const hmac = await crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(input)));
      const jwt = `${input}.${btoa(String.fromCharCode(...mac))
        .replace(/=+$/, "")
        .replace(/\+/g, "-")
        .replace(/\//g, "_")}`;
      expect(await status(oidcEdge(idp.url), jwt, "/api/v1/pms/cache/status")).toBe(401);
      expect(await status(oidcEdge(idp.url, { JWT_SECRET: "" }), jwt, "/api/v1/pms/cache/status")).toBe(401);
    }
    // And an RS256 header over an EC key (or the reverse) is refused as well.
    const ec = await keyPair("ES256", "rsa");
    expect(await status(oidcEdge(idp.url), await sign(claims(), { ...ec.priv, alg: "ES256" }))).toBe(401);
  });

  it("answers 503 while the key set cannot be fetched, and recovers when it can", async () => {
    const key = await keyPair("RS256", "k");
    const idp = await provider([key.pub]);
    await idp.down(true);
    const e = oidcEdge(idp.url);
    const res = await e.fetch("/api/v1/pms/risk/limits", {
      headers: { Authorization: `Bearer ${await sign(claims(), key.priv)}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    await idp.down(false);
    expect(await status(e, await sign(claims(), key.priv))).toBe(200);
  });

  it("keeps serving from the held key set while the endpoint is down (within twice its TTL)", async () => {
    const key = await keyPair("ES256", "k");
    const idp = await provider([key.pub]);
    const e = oidcEdge(idp.url);
    expect(await status(e, await sign(claims(), key.priv))).toBe(200);
    await idp.down(true);
    expect(await status(e, await sign(claims(), key.priv))).toBe(200);
  });

  it("refetches for invented kids at most once per OIDC_JWKS_MIN_REFRESH_SECONDS", async () => {
    const key = await keyPair("ES256", "k");
    const idp = await provider([key.pub]);
    const e = oidcEdge(idp.url, { OIDC_JWKS_MIN_REFRESH_SECONDS: "600" } as Partial<TestEnv>);
    for (let i = 0; i < 20; i++)
      expect(await status(e, await sign(claims(), { ...key.priv, kid: `invented-${i}` }))).toBe(401);
    expect(await idp.requests()).toBe(1);
  });

  it("takes the role from OIDC_ROLE_CLAIM or from groups through OIDC_GROUP_ROLES", async () => {
    const key = await keyPair("ES256", "k");
    const idp = await provider([key.pub]);
    const byClaim = oidcEdge(idp.url, { OIDC_ROLE_CLAIM: "https://pms.example/role" } as Partial<TestEnv>);
    const admin = claims({ role: undefined, "https://pms.example/role": "ADMIN" });
    expect(await status(byClaim, await sign(admin, key.priv), "/api/v1/pms/cache/status")).toBe(200);
    expect(await status(byClaim, await sign(claims({ role: "ADMIN" }), key.priv), "/api/v1/pms/cache/status")).toBe(
      401,
    );

    const byGroup = oidcEdge(idp.url, {
      OIDC_GROUP_ROLES: JSON.stringify({ "pms-admins": "ADMIN", "pms-desk": "VIEWER" }),
    } as Partial<TestEnv>);
    const desk = claims({ role: "ADMIN", groups: ["staff", "pms-desk"] });
    expect(await status(byGroup, await sign(desk, key.priv), "/api/v1/pms/cache/status")).toBe(403);
    expect(await status(byGroup, await sign(desk, key.priv))).toBe(200);
    const both = claims({ groups: ["pms-desk", "pms-admins"] });
    expect(await status(byGroup, await sign(both, key.priv), "/api/v1/pms/cache/status")).toBe(200);
    expect(await status(byGroup, await sign(claims({ groups: ["staff"] }), key.priv))).toBe(401);
  });
});
