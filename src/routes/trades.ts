// Trade blotter routes (#11–#16). Approvals open positions, so they bump portfolio as well as
// trades; rejections and generation only change proposals.
import { Hono } from "hono";
import { writeThrough } from "../cache/write-through.ts";
import {
  ApproveBody,
  GenerateProposalsBody,
  idParam,
  ModifyApproveBody,
  ProposalsQuery,
  RejectBody,
} from "../contract/index.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../http/validate.ts";
import { forward } from "./forward.ts";

// `generate` is registered before `/:id` routes so the literal segment wins.
export const trades = new Hono<AppEnv>()
  .get("/trades/proposals", validate("query", ProposalsQuery), forward)
  .post(
    "/trades/proposals/generate",
    validate("json", GenerateProposalsBody),
    writeThrough("generate-proposals"),
    forward,
  )
  .get("/trades/proposals/:id", validate("param", idParam), forward)
  .post(
    "/trades/proposals/:id/approve",
    validate("param", idParam),
    validate("json", ApproveBody),
    writeThrough("approve"),
    forward,
  )
  .post(
    "/trades/proposals/:id/reject",
    validate("param", idParam),
    validate("json", RejectBody),
    writeThrough("reject"),
    forward,
  )
  .post(
    "/trades/proposals/:id/modify-approve",
    validate("param", idParam),
    validate("json", ModifyApproveBody),
    writeThrough("modify-approve"),
    forward,
  );
