// The one error type of the edge: a machine code (src/contract/problem.ts) plus a detail, and
// optional field errors. `onError` turns it into RFC 9457 problem+json; nothing else formats errors.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type FieldError, PROBLEMS, type ProblemCode } from "../contract/problem.ts";

export class AppError extends HTTPException {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: FieldError[];
  /** Headers the problem response carries (Retry-After of a 429). */
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail: string, errors?: FieldError[], headers: Record<string, string> = {}) {
    super(PROBLEMS[code].status as ContentfulStatusCode, { message: detail });
    this.code = code;
    this.detail = detail;
    if (errors) this.errors = errors;
    this.headers = headers;
  }
}
