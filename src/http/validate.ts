// The one validator of the edge: @hono/zod-validator with a hook that throws, so `onError` is
// the only place that formats errors (RFC 9457). A request the contract rejects never reaches
// the origin or the cache.
import { zValidator } from "@hono/zod-validator";
import type { Context, ValidationTargets } from "hono";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import type { ZodType } from "zod";
import { fieldErrors } from "../contract/problem.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";
import { checkDateBounds } from "./bounded-dates.ts";

type Target = keyof Pick<ValidationTargets, "json" | "query" | "param">;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON body must say so and must parse. zValidator alone would validate `{}` for a body sent
 * with another Content-Type, which makes a bad client look like a validation failure. A request
 * without a body (and without a JSON Content-Type) validates as `{}`, as zValidator does.
 */
const jsonBody = createMiddleware<AppEnv>(async function jsonBody(c, next) {
  const text = await c.req.text();
  if (text.trim() !== "") {
    const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim();
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new AppError("unsupported-media-type", "the body must be JSON (Content-Type: application/json)");
    }
    try {
      JSON.parse(text);
    } catch {
      throw new AppError("malformed-json", "the body is not valid JSON");
    }
  }
  await next();
});

export function validate<T extends ZodType, K extends Target>(target: K, schema: T) {
  const check = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      throw new AppError(
        "validation-failed",
        `the ${target === "json" ? "body" : target} does not match the contract`,
        fieldErrors(result.error.issues),
      );
    }
    if (target !== "json") checkDateBounds(c as Context<AppEnv>, result.data);
  });
  return target === "json" ? (every(jsonBody, check) as unknown as typeof check) : check;
}
