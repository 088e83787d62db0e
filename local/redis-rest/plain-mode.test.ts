// The plain (un-encoded) mode the edge uses (`responseEncoding: false`, `readYourWrites: false`,
// src/cache/upstash-store.ts): the bridge answers it as Upstash does, byte for byte on raw HTTP,
// and the edge's own store works through it, sending neither the encoding header nor a sync token.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUpstashStore, UPSTASH_CLIENT_OPTIONS } from "../../src/cache/upstash-store.ts";
import { type BridgeStack, startStack } from "./test-fixture.ts";

let stack: BridgeStack;
let k: (name: string) => string;

beforeAll(async () => {
  stack = await startStack();
  k = (name) => stack.prefix + name;
});
afterAll(() => stack?.stop());

async function plain(path: string, body: unknown) {
  const res = await stack.post(path, body);
  return { status: res.status, text: await res.text() };
}

describe("plain mode on the wire (no Upstash-Encoding header)", () => {
  it("sends strings as UTF-8 at every depth, OK raw everywhere, integers as numbers, nil as null", async () => {
    expect(await plain("/", ["SET", k("p"), "bar"])).toEqual({ status: 200, text: '{"result":"OK"}' });
    // "bar" is valid base64: a server that encoded anyway would send "YmFy".
    expect((await plain("/", ["GET", k("p")])).text).toBe('{"result":"bar"}');
    expect((await plain("/", ["PING"])).text).toBe('{"result":"PONG"}');
    const lua = "return {1, redis.status_reply('OK'), {'x', false}, 'é'}";
    expect((await plain("/", ["EVAL", lua, 0])).text).toBe('{"result":[1,"OK",["x",null],"é"]}');
    expect((await plain("/", ["INCRBY", k("big"), "9007199254740993"])).text).toBe('{"result":9007199254740993}');
  });

  it("keeps JSON text exact: quotes, backslashes, control characters and emoji", async () => {
    const value = JSON.stringify({ body: '{"a":"São \\"q\\" \\n 🚀"}', version: 7, ctrl: "\u0001" });
    await plain("/", ["SET", k("json"), value]);
    expect(JSON.parse((await plain("/", ["GET", k("json")])).text)).toEqual({ result: value });
  });

  it("answers pipelines entry by entry in plain text, errors never encoded", async () => {
    await plain("/", ["SET", k("s"), "x"]);
    const res = await plain("/pipeline", [
      ["GET", k("s")],
      ["INCR", k("s")],
      ["SET", k("s2"), "y"],
    ]);
    expect(JSON.parse(res.text)).toEqual([
      { result: "x" },
      { error: "ERR value is not an integer or out of range" },
      { result: "OK" },
    ]);
  });
});

describe("the edge's store in plain mode", () => {
  it("reads, fills and bumps through the bridge without the encoding header or a sync token", async () => {
    expect(UPSTASH_CLIENT_OPTIONS).toMatchObject({ responseEncoding: false, readYourWrites: false });
    const sent: Headers[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      sent.push(new Headers(init?.headers));
      return realFetch(input, init);
    });
    try {
      const store = createUpstashStore({ url: stack.bridge.url, token: stack.token, deadlineMs: 5_000 });
      const meta = k("{f}:meta");
      const ref = { key: k("{f}:e:book:"), tags: ["portfolio"] };
      const request = { ...ref, meta, lease: k("{f}:lease:book:"), freshMs: 60_000 };
      const first = await store.read(request);
      expect(first).toMatchObject({ envelope: null, state: "absent", lease: "free" });
      const value = JSON.stringify({ body: '{"book":"São Paulo 🚀","ok":"OK"}', version: 3, etag: '"e"' });
      expect(await store.put(meta, [{ ...ref, gens: first.gens, version: 3, value, ttlMs: 90_000 }])).toEqual([true]);
      const hit = await store.read(request);
      expect(hit).toMatchObject({ envelope: value, state: "fresh", gens: first.gens });
      const bumped = await store.bump(meta, ["portfolio"], 4);
      expect(BigInt(bumped[0]!)).toBe(BigInt(first.gens[0]!) + 1n);
      expect(await store.read(request)).toMatchObject({ envelope: null, state: "moved", floor: 4 });
    } finally {
      spy.mockRestore();
    }
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const headers of sent) {
      expect(headers.get("upstash-encoding")).toBeNull();
      expect(headers.has("upstash-sync-token")).toBe(false);
    }
  });
});
