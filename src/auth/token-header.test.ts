// The header read that picks a token's verifier (token-header.ts): base64url without padding,
// the same answer when remembered, and nothing for a first segment that is not a JSON object.
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { tokenHeader } from "./token-header.ts";

const b64url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("tokenHeader", () => {
  it("reads alg of a signed token, and the same again from memory", async () => {
    const token = await sign({ sub: "a" }, "s", "HS256");
    expect(tokenHeader(token)?.alg).toBe("HS256");
    expect(tokenHeader(token)?.alg).toBe("HS256");
  });

  it("decodes base64url with - and _ and no padding", () => {
    // "?>" and "??" encode to characters base64url writes as - and _.
    const header = JSON.stringify({ alg: "RS256", kid: "k??>>?" });
    expect(b64url(header)).toMatch(/[-_]/);
    expect(tokenHeader(`${b64url(header)}.e30.sig`)).toEqual({ alg: "RS256", kid: "k??>>?" });
  });

  it("is undefined for a first segment that is not a JSON object", () => {
    for (const segment of ["", "%%%", b64url("null"), b64url("42"), b64url("{not json")]) {
      expect(tokenHeader(`${segment}.e30.sig`)).toBeUndefined();
    }
  });
});
