import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { control, type IsolatedSystem, isolatedSystem } from "./support/stack.ts";

let sys: IsolatedSystem | undefined;
afterEach(async () => {
  await sys?.dispose();
  sys = undefined;
});

describe("GET /health", () => {
  it("answers JSON", async () => {
    const res = await exports.default.fetch("http://edge.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("names the origin's failure with the origin client's detail instead of a generic unreachable", async () => {
    sys = await isolatedSystem({ ORIGIN_TIMEOUT_MS: "2000" });
    await control("POST", `/origins/${sys.origin.id}/stop`);
    const res = await sys.fetch("/health");
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      redis: { ok: boolean };
      origin: { ok: boolean; error?: string };
    };
    expect(body).toMatchObject({ status: "degraded", redis: { ok: true }, origin: { ok: false } });
    expect(body.origin.error).toMatch(/^the origin (could not be reached|did not answer within 2000 ms)$/);
  });
});
