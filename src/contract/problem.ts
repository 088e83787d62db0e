// RFC 9457 problem details, shared by the edge and the origin so both answer errors alike.
// `type` is a URN naming the machine code; `errors` lists field-level validation failures.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/** The machine codes this system answers with, and their HTTP status and title. */
export const PROBLEMS = {
  "malformed-json": { status: 400, title: "Malformed JSON" },
  "bad-request": { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Validation failed" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  "origin-unavailable": { status: 502, title: "Origin unavailable" },
  "service-unavailable": { status: 503, title: "Service unavailable" },
  "origin-timeout": { status: 504, title: "Origin timeout" },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export function problemBody(
  code: ProblemCode,
  detail: string,
  extra: { instance?: string; errors?: FieldError[] } = {},
): ProblemDetails {
  const { status, title } = PROBLEMS[code];
  const body: ProblemDetails = { type: `urn:pms:problem:${code}`, title, status, detail };
  if (extra.instance !== undefined) body.instance = extra.instance;
  if (extra.errors !== undefined) body.errors = extra.errors;
  return body;
}

/** Turns zod issues (v4 shape: {path, message}) into the `errors` list of a 422. */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}
