// Sign-in from the URL fragment: the token goes to sessionStorage and out of the address bar;
// an expired or malformed token is no session; only MANAGER and ADMIN get write buttons.
import { describe, expect, it } from "vitest";
import { signUserToken } from "../../src/auth/sign-token.ts";
import { accessSession, claimsOf, currentSession, takeTokenFromFragment, WRITE_ROLES } from "./session.ts";

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe("desk sign-in", () => {
  it("moves the token from the fragment to sessionStorage and replaces the URL without it", async () => {
    const token = await signUserToken("s", { role: "MANAGER", sub: "pm@fund" });
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) } as History;
    takeTokenFromFragment({ hash: `#token=${token}`, pathname: "/" } as Location, storage, history);
    expect(replaced).toEqual(["/#/pack"]);
    const session = currentSession(storage, Date.now() / 1000);
    expect(session).toMatchObject({ token, role: "MANAGER", sub: "pm@fund" });
  });

  it("leaves a URL without a token alone", () => {
    const storage = memoryStorage();
    const history = { replaceState: () => expect.unreachable() } as unknown as History;
    takeTokenFromFragment({ hash: "#/book", pathname: "/" } as Location, storage, history);
    expect(currentSession(storage, 0)).toBeUndefined();
  });

  it("has no session for an expired or malformed token", async () => {
    const storage = memoryStorage();
    storage.setItem("pms-desk-token", await signUserToken("s", { role: "VIEWER", sub: "v", ttlSeconds: 60 }));
    expect(currentSession(storage, Date.now() / 1000 + 120)).toBeUndefined();
    expect(claimsOf("not-a-jwt")).toBeUndefined();
    expect(claimsOf("a.bm90IGpzb24.c")).toBeUndefined();
  });

  it("shows write buttons to MANAGER and ADMIN only", () => {
    expect(["VIEWER", "RISK_OFFICER", "MANAGER", "ADMIN"].filter((r) => WRITE_ROLES.has(r))).toEqual([
      "MANAGER",
      "ADMIN",
    ]);
  });

  it("behind Cloudflare Access: the session is who the edge says the tokenless request is", async () => {
    const asked: RequestInit[] = [];
    const edge = (status: number, body: unknown) =>
      (async (_input: RequestInfo | URL, init?: RequestInit) => {
        asked.push(init ?? {});
        return new Response(JSON.stringify(body), { status });
      }) as typeof fetch;
    expect(await accessSession(edge(200, { sub: "pm@fund", role: "VIEWER", fund: "demo" }))).toEqual({
      token: "",
      role: "VIEWER",
      sub: "pm@fund",
      exp: Number.POSITIVE_INFINITY,
    });
    expect(new Headers(asked[0]!.headers).has("Authorization")).toBe(false);
    expect(WRITE_ROLES.has("VIEWER")).toBe(false);
    // No Access in front (the edge wants a token), or a malformed answer: no session.
    expect(await accessSession(edge(401, { title: "Unauthorized" }))).toBeUndefined();
    expect(await accessSession(edge(200, { sub: "pm@fund" }))).toBeUndefined();
  });
});
