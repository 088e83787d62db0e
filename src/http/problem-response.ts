// Turns any thrown error into an RFC 9457 problem+json response. Known errors (AppError) keep
// their code; other HTTPExceptions keep their status; anything else is logged with the request
// id and answered with a generic 500 that reveals nothing internal.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  type ProblemCode,
  type ProblemDetails,
  problemBody,
} from "../contract/problem.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";

export function problemResponse(c: Context<AppEnv>, body: ProblemDetails, headers: HeadersInit = {}): Response {
  const res = new Response(JSON.stringify(body), { status: body.status, headers });
  res.headers.set("Content-Type", PROBLEM_CONTENT_TYPE);
  const requestId = c.get("requestId");
  if (requestId) res.headers.set("X-Request-Id", requestId);
  return res;
}

function codeForStatus(status: number): ProblemCode {
  const match = (Object.keys(PROBLEMS) as ProblemCode[]).find((code) => PROBLEMS[code].status === status);
  return match ?? (status >= 500 ? "internal" : "bad-request");
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const instance = c.req.path;
  if (error instanceof AppError) {
    const extra = error.errors ? { instance, errors: error.errors } : { instance };
    const headers: HeadersInit = {
      ...error.headers,
      ...(error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="pms-edge"' } : {}),
    };
    return problemResponse(c, problemBody(error.code, error.detail, extra), headers);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(
      c,
      problemBody(codeForStatus(error.status), error.message || "request refused", { instance }),
    );
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error",
      requestId: c.get("requestId"),
      path: instance,
      error: String((error as Error)?.stack ?? error),
    }),
  );
  return problemResponse(c, problemBody("internal", "internal error", { instance }));
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, problemBody("not-found", `no route ${c.req.method} ${c.req.path}`, { instance: c.req.path }));
