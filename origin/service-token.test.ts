import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serviceToken } from "./service-token.ts";

describe("the origin's service token", () => {
  it("is required outside development, and must be long enough to be a secret", () => {
    expect(serviceToken(undefined, false)).toEqual({ error: expect.stringMatching(/ORIGIN_TOKEN is not set/) });
    expect(serviceToken("  ", false)).toEqual({ error: expect.stringMatching(/ORIGIN_TOKEN is not set/) });
    expect(serviceToken("local-origin", false)).toEqual({ error: expect.stringMatching(/at least 16/) });
    expect(serviceToken("local-origin-token", false)).toEqual({
      error: expect.stringMatching(/written in the repository/),
    });
    expect(serviceToken("local-origin-token", true)).toEqual({ token: "local-origin-token", generated: false });
    expect(serviceToken("a-real-secret-of-32-characters!!", false)).toEqual({
      token: "a-real-secret-of-32-characters!!",
      generated: false,
    });
  });

  it("is random under --dev when none is given: never a token written in the repository", () => {
    const a = serviceToken(undefined, true);
    const b = serviceToken(undefined, true);
    expect(a).toMatchObject({ generated: true });
    expect("token" in a && "token" in b && a.token !== b.token && a.token.length >= 32).toBe(true);
  });

  it("npm run origin without ORIGIN_TOKEN and without --dev exits with the reason", () => {
    const env = { ...process.env };
    delete env.ORIGIN_TOKEN;
    const run = spawnSync(process.execPath, ["--import", "tsx", "origin/main.ts", "--port", "0", "--db", ":memory:"], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ORIGIN_TOKEN is not set/);
  });
});
