// Request-body limit (413 problem+json). Unlike hono/body-limit, an oversized body is read to
// its end (and discarded, up to a cap) before the 413 is sent: answering while the client is
// still uploading makes Node close the socket under it, and the client then sees a
// connection error instead of the 413.
import { createMiddleware } from "hono/factory";
import type { OriginEnv } from "../app-env.ts";
import { OriginError } from "./errors.ts";

/** Past this many bytes an oversized upload is no longer drained; the connection just ends. */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;

export function limitBody(maxBytes: number) {
  return createMiddleware<OriginEnv>(async function limitBody(c, next) {
    const stream = c.req.raw.body;
    if (!stream) return next();
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size <= maxBytes) chunks.push(value);
      else if (size > DRAIN_CAP_BYTES) {
        await reader.cancel();
        break;
      }
    }
    if (size > maxBytes) throw new OriginError("payload-too-large", `request body exceeds ${maxBytes} bytes`);
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    await next();
  });
}
