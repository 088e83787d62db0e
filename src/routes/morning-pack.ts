// Morning pack routes (#21–#24). `latest` and `{date}` are the morning_pack tier; `latest` is
// keyed as "latest", never under today's date (the Python PMS cached yesterday's pack as today's).
import { Hono } from "hono";
import { tierCache } from "../cache/tier-cache.ts";
import { writeThrough } from "../cache/write-through.ts";
import { DaysQuery, dateParam, GeneratePackBody } from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

// Literal segments first, so `/latest` and `/history` never match `/:date`.
export const morningPack = new Hono<AppEnv>()
  .get("/morning-pack/latest", tierCache(), forward)
  .get("/morning-pack/history", validate("query", DaysQuery), forward)
  .post("/morning-pack/generate", validate("json", GeneratePackBody), writeThrough("morning-pack-generate"), forward)
  .get("/morning-pack/:date", validate("param", dateParam), tierCache(), forward);
