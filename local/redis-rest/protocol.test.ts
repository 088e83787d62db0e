// The wire protocol checked byte by byte with raw HTTP, where the client would hide mistakes:
// exact base64 rules, status codes, body limits, refusals, stats and fault injection.
import { errors } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BridgeStack, startStack } from "./test-fixture.ts";

let stack: BridgeStack;
let k: (name: string) => string;
const B64 = { "upstash-encoding": "base64" };
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

beforeAll(async () => {
  stack = await startStack();
  k = (name) => stack.prefix + name;
});
afterAll(() => stack?.stop());

async function call(path: string, body: unknown, headers: Record<string, string> = B64) {
  const res = await stack.post(path, body, headers);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe("response encoding", () => {
  it("base64-encodes every string at every depth, except a top-level OK", async () => {
    expect(await call("/", ["SET", k("a"), "v"])).toMatchObject({ status: 200, text: '{"result":"OK"}' });
    expect((await call("/", ["GET", k("a")])).text).toBe(`{"result":"${b64("v")}"}`);
    expect((await call("/", ["PING"])).text).toBe(`{"result":"${b64("PONG")}"}`);
    expect((await call("/", ["TYPE", k("a")])).text).toBe(`{"result":"${b64("string")}"}`);
    const lua = "return {1, redis.status_reply('OK'), {'x', false}, 'é'}";
    expect((await call("/", ["EVAL", lua, 0])).text).toBe(
      `{"result":[1,"${b64("OK")}",["${b64("x")}",null],"${b64("é")}"]}`,
    );
  });

  it("never encodes integers, nil or errors, and keeps 64-bit integers exact", async () => {
    expect((await call("/", ["INCRBY", k("big"), "9007199254740993"])).text).toBe('{"result":9007199254740993}');
    expect((await call("/", ["GET", k("none")])).text).toBe('{"result":null}');
    await call("/", ["SET", k("str"), "x"]);
    const err = await call("/", ["INCR", k("str")]);
    expect(err.status).toBe(400);
    expect(JSON.parse(err.text)).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("answers plain UTF-8 without the header", async () => {
    await call("/", ["SET", k("u"), "São Paulo 🚀"]);
    expect(JSON.parse((await call("/", ["GET", k("u")], {})).text)).toEqual({ result: "São Paulo 🚀" });
    expect(JSON.parse((await call("/", ["MGET", k("u"), k("none")], {})).text)).toEqual({
      result: ["São Paulo 🚀", null],
    });
  });

  it("stringifies number and boolean arguments the way JavaScript does", async () => {
    const cases: [unknown, string][] = [
      [1.5, "1.5"],
      [true, "true"],
      [1e21, "1e+21"],
      [-0.25, "-0.25"],
    ];
    for (const [value, expected] of cases) {
      await call("/", ["SET", k("arg"), value]);
      expect(JSON.parse((await call("/", ["GET", k("arg")], {})).text).result).toBe(expected);
    }
  });

  it("sends a changing upstash-sync-token", async () => {
    const first = (await call("/", ["PING"])).headers.get("upstash-sync-token");
    const second = (await call("/", ["PING"])).headers.get("upstash-sync-token");
    expect(first).toBeTruthy();
    expect(second).not.toBe(first);
  });
});

describe("pipelines", () => {
  it("answers one entry per command, errors in place, later commands still run", async () => {
    await call("/", ["SET", k("p:s"), "x"]);
    const res = await call("/pipeline", [
      ["SET", k("p:n"), 1],
      ["INCR", k("p:s")],
      ["GET", k("p:n"), null],
      ["BLPOP", k("l"), 0],
      ["INCR", k("p:n")],
    ]);
    expect(res.status).toBe(200);
    const entries = JSON.parse(res.text);
    expect(entries).toHaveLength(5);
    expect(entries[0]).toEqual({ result: "OK" });
    expect(entries[1].error).toMatch(/not an integer/);
    expect(entries[2].error).toMatch(/null/);
    expect(entries[3].error).toMatch(/not available/);
    expect(entries[4]).toEqual({ result: 2 });
  });

  it("encodes an OK inside an EXEC result, so the client does not decode it as garbage", async () => {
    const res = await call("/multi-exec", [
      ["SET", k("t"), "v"],
      ["GET", k("t")],
    ]);
    expect(JSON.parse(res.text)).toEqual([{ result: "OK" }, { result: b64("v") }]);
  });
});

describe("malformed and refused requests", () => {
  it("rejects malformed JSON, non-arrays and null arguments with 400 JSON", async () => {
    for (const body of ["{not json", "{}", "[]", '["GET", null]', '[["GET"], "x"]']) {
      const path = body.startsWith("[[") ? "/pipeline" : "/";
      const res = await call(path, body);
      expect(res.status, body).toBe(400);
      expect(JSON.parse(res.text).error, body).toMatch(/^ERR /);
    }
  });

  it("refuses blocking and connection-state commands with 400", async () => {
    for (const cmd of [
      ["BLPOP", k("l"), 0],
      ["SUBSCRIBE", "c"],
      ["MULTI"],
      ["SELECT", 1],
      ["WATCH", k("a")],
      ["XREADGROUP", "GROUP", "g", "c", "BLOCK", 0, "STREAMS", k("s"), ">"],
      ["CLIENT", "REPLY", "OFF"],
    ]) {
      const res = await call("/", cmd);
      expect(res.status, String(cmd[0])).toBe(400);
      expect(JSON.parse(res.text).error).toMatch(/not available/);
    }
    expect((await call("/", ["XREAD", "COUNT", 1, "STREAMS", k("s"), "0"])).status).toBe(200);
  });

  it("answers 413 for an oversized body and keeps the connection usable", async () => {
    const huge = JSON.stringify(["SET", k("huge"), "x".repeat(2 * 1024 * 1024)]);
    const res = await call("/", huge);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: "ERR max request size exceeded" });
    expect((await call("/", ["EXISTS", k("huge")])).text).toBe('{"result":0}');
    // The client sees an UpstashError, not a network failure it would retry.
    await expect(stack.client().set(k("huge"), "y".repeat(2 * 1024 * 1024))).rejects.toThrow(/max request size/);
  });

  it("answers 405 for other methods and 404 for unknown paths, as JSON", async () => {
    const get = await fetch(stack.bridge.url + "/pipeline", { headers: { authorization: `Bearer ${stack.token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(((await get.json()) as { error: string }).error).toMatch(/not allowed/);
    const missing = await call("/get/key", "[]");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error).toMatch(/no such endpoint/);
  });

  it("requires the token on the control endpoints too", async () => {
    expect((await fetch(stack.bridge.url + "/__bridge/stats")).status).toBe(401);
    const fault = await fetch(stack.bridge.url + "/__bridge/fault", { method: "POST", body: '{"mode":"error"}' });
    expect(fault.status).toBe(401);
    expect((await call("/", ["PING"])).status).toBe(200);
  });
});

describe("stats", () => {
  it("counts requests per path, commands and errors, and resets", async () => {
    await call("/__bridge/stats/reset", "");
    await call("/", ["PING"]);
    await call("/", ["INCR", k("stats:s")]);
    await call("/", ["SET", k("stats:s"), "x"]);
    await call("/pipeline", [["PING"], ["INCR", k("stats:s")], ["PING"]]);
    await call("/multi-exec", [["PING"], ["PING"]]);
    const stats = await stack.stats();
    expect(stats.requests).toEqual({ "/": 3, "/pipeline": 1, "/multi-exec": 1 });
    expect(stats.commands).toBe(8);
    expect(stats.errors).toBe(1); // INCR on a string inside the pipeline
    expect(Date.parse(stats.startedAt)).not.toBeNaN();
    await call("/__bridge/stats/reset", "");
    expect(await stack.stats()).toMatchObject({
      requests: { "/": 0, "/pipeline": 0, "/multi-exec": 0 },
      commands: 0,
      errors: 0,
    });
  });
});

describe("fault injection", () => {
  const setFault = (fault: object) => call("/__bridge/fault", fault, {});

  it("answers garbage, then 503, then recovers on {}", async () => {
    const redis = stack.client();
    expect((await setFault({ mode: "garbage" })).status).toBe(200);
    const garbage = await call("/", ["PING"]);
    expect(garbage.status).toBe(200);
    expect(() => JSON.parse(garbage.text)).toThrow();
    await expect(redis.get(k("f"))).rejects.toThrow(errors.UpstashJSONParseError);

    await setFault({ mode: "error" });
    const failing = await call("/pipeline", [["PING"]]);
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.text).error).toMatch(/injected/);
    await expect(redis.get(k("f"))).rejects.toThrow(errors.UpstashError);

    expect(JSON.parse((await setFault({})).text)).toEqual({ delayMs: 0, mode: "ok" });
    expect(await redis.ping()).toBe("PONG");
  });

  it("delays REST responses but not the control endpoints", async () => {
    await setFault({ delayMs: 400 });
    const delayed = call("/", ["PING"]).then(() => "rest");
    const control = fetch(stack.bridge.url + "/__bridge/fault", {
      headers: { authorization: `Bearer ${stack.token}` },
    }).then(() => "control");
    expect(await Promise.race([delayed, control])).toBe("control");
    expect(await delayed).toBe("rest");
    await setFault({ mode: "ok" });
  });

  it("rejects an invalid fault with 400", async () => {
    expect((await setFault({ mode: "explode" })).status).toBe(400);
    expect((await setFault({ delayMs: -1 })).status).toBe(400);
  });
});
