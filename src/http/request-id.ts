// A request id for logs and error bodies: the caller's X-Request-Id when it is a sane token,
// otherwise a fresh UUID. It is echoed on every response and sent to the origin.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

export const requestId = createMiddleware<AppEnv>(async function requestId(c, next) {
  const given = c.req.header("X-Request-Id");
  const id = given && SANE_ID.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set("X-Request-Id", id);
});
