// Request parsing against the contract's zod schemas (src/contract/): malformed JSON → 400,
// any schema violation → 422 with errors[] (RFC 9457 "errors" extension).
import type { Context } from "hono";
import * as z from "zod";
import { fieldErrors } from "../../src/contract/index.ts";
import { OriginError } from "./errors.ts";

function check<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new OriginError("validation-failed", `invalid ${where}`, fieldErrors(parsed.error.issues));
  }
  return parsed.data;
}

/** The JSON body; an empty body counts as `{}` (routes whose fields are all optional). */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch {
      throw new OriginError("malformed-json", "request body is not valid JSON");
    }
  }
  return check(schema, value, "request body");
}

/** Query values (the first of each name). */
export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query(), "query");
}

/** Path parameters (an id that is not a whole number, an impossible date: 422 like any value). */
export function params<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.param(), "path");
}

/** For routes that take no body: one may be sent, but it must still be JSON (400 otherwise). */
export const NoBody = z.object({});
