// The stored envelope (envelope.ts): a header line, then the body verbatim. Whatever the body
// holds comes back byte for byte; the JSON form older edges wrote still reads; anything else is
// not an envelope (a miss, then overwritten).
import { describe, expect, it } from "vitest";
import { makeEnvelope, parseEnvelope, serializeEnvelope } from "./envelope.ts";

describe("envelope", () => {
  it.each([
    ["a JSON object", '{"positions":[{"id":"p1","note":"say \\"hi\\""}]}'],
    ["newlines and a header look-alike", '{"a":1}\npms-envelope/2 9 "x"\n{"b":2}\n'],
    ["non-ASCII", '{"fund":"Fundo São Paulo — ação"}'],
    ["nothing", ""],
  ])("gives back %s byte for byte, with its version and ETag", async (_, body) => {
    const envelope = await makeEnvelope(body, 42);
    const raw = serializeEnvelope(envelope);
    expect(raw.startsWith('pms-envelope/2 42 "')).toBe(true);
    expect(parseEnvelope(raw)).toEqual(envelope);
  });

  it("stores the body unescaped: one escape less in Upstash's JSON answer than a JSON envelope", async () => {
    const body = '{"a":"b"}';
    const raw = serializeEnvelope(await makeEnvelope(body, 1));
    expect(raw.endsWith(`\n${body}`)).toBe(true);
    const asJson = JSON.stringify({ body, version: 1, etag: '"x"' });
    expect(JSON.stringify(raw).split("\\").length).toBeLessThan(JSON.stringify(asJson).split("\\").length);
  });

  it("reads the JSON envelope older edges wrote", () => {
    const old = JSON.stringify({ body: '{"x":1}', version: 7, etag: '"abc"' });
    expect(parseEnvelope(old)).toEqual({ body: '{"x":1}', version: 7, etag: '"abc"' });
  });

  it.each([
    ["no line break", 'pms-envelope/2 3 "abc"'],
    ["a version that is not a number", 'pms-envelope/2 three "abc"\n{}'],
    ["a negative version", 'pms-envelope/2 -3 "abc"\n{}'],
    ["an unquoted ETag", "pms-envelope/2 3 abc\n{}"],
    ["an ETag with a space", 'pms-envelope/2 3 "a bc"\n{}'],
    ["JSON of another shape", '{"body":1}'],
    ["garbage", "not an envelope"],
  ])("is not an envelope: %s", (_, raw) => {
    expect(parseEnvelope(raw)).toBeNull();
  });
});
