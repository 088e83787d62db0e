// The origin's errors: one class carrying a contract problem code (src/contract/problem.ts),
// and the one place (onError) that turns any thrown thing into RFC 9457 problem+json.
// Unknown errors become a generic 500: no stack trace or internal message reaches a body.
import type { Context } from "hono";
import {
  type FieldError,
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  type ProblemCode,
  problemBody,
} from "../../src/contract/index.ts";

export class OriginError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = "OriginError";
  }
}

export const notFound = (what: string) => new OriginError("not-found", `${what} not found`);
export const conflict = (detail: string) => new OriginError("conflict", detail);

export function problemResponse(c: Context, err: OriginError): Response {
  const body = problemBody(err.code, err.detail, { instance: c.req.path, errors: err.errors });
  return c.body(JSON.stringify(body), PROBLEMS[err.code].status, { "Content-Type": PROBLEM_CONTENT_TYPE });
}

/** Hono onError: known errors keep their code; anything else is logged and answered 500. */
export function onOriginError(err: Error, c: Context): Response {
  if (err instanceof OriginError) return problemResponse(c, err);
  console.error(`origin: ${c.req.method} ${c.req.path} failed:`, err);
  return problemResponse(c, new OriginError("internal", "internal error"));
}
