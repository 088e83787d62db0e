// Maps raw RESP2 replies (as node-redis decodes them with our type mapping) to the JSON the
// Upstash REST protocol promises (docs/upstash-rest.md §Responses and §Encoding).
//
// Reply shapes coming from redis-link.ts:
//   Buffer      bulk or simple string, raw bytes (never decoded by node-redis, so base64 is exact)
//   string      a RESP integer as its decimal digits (mapped to String so 64-bit values stay exact)
//   null        nil bulk / nil array
//   ErrorReply  an error nested in an array (EXEC entries, Lua tables)
//   array       nested to any depth
import { ErrorReply } from "redis";

export type RedisReply = Buffer | string | null | undefined | ErrorReply | RedisReply[];

const INTEGER = /^-?\d+$/;
const OK = Buffer.from("OK");

/**
 * JSON text for one reply. With `base64`, every string at every depth is the base64 of its raw
 * bytes; only a top-level `OK` stays raw, because the client keeps a top-level "OK" as is but
 * would base64-decode an "OK" inside an array into garbage ("8"). Integers and nil are never
 * encoded. Integers are written as their exact digits (JSON allows any length).
 */
export function replyToJson(reply: RedisReply, base64: boolean, topLevel = true): string {
  if (reply === null || reply === undefined) return "null";
  if (Buffer.isBuffer(reply)) {
    if (!base64) return JSON.stringify(reply.toString("utf8")); // invalid UTF-8 → U+FFFD
    if (topLevel && reply.equals(OK)) return '"OK"';
    return JSON.stringify(reply.toString("base64"));
  }
  if (typeof reply === "string") return INTEGER.test(reply) ? reply : JSON.stringify(reply);
  if (reply instanceof ErrorReply) return errorJson(reply.message); // error text is never encoded
  if (Array.isArray(reply)) return `[${reply.map((item) => replyToJson(item, base64, false)).join(",")}]`;
  return JSON.stringify(reply ?? null);
}

/** `{"result": …}`: the result key must always be present, or the client throws. */
export function resultJson(reply: RedisReply, base64: boolean): string {
  return `{"result":${replyToJson(reply, base64)}}`;
}

export function errorJson(message: string): string {
  return JSON.stringify({ error: message });
}
