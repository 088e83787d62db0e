// Decision journal routes (#17–#20). The journal is append-only; an outcome adds a NOTE.
import { Hono } from "hono";
import { writeThrough } from "../cache/write-through.ts";
import { idParam, JournalQuery, OutcomeBody } from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

export const journal = new Hono<AppEnv>()
  .get("/journal", validate("query", JournalQuery), forward)
  .get("/journal/", validate("query", JournalQuery), forward)
  .get("/journal/stats/decision-analysis", forward)
  .get("/journal/:id", validate("param", idParam), forward)
  .post(
    "/journal/:id/outcome",
    validate("param", idParam),
    validate("json", OutcomeBody),
    writeThrough("journal-outcome"),
    forward,
  );
