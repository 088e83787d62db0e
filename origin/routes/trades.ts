// Trade blotter routes (#11–#16 of docs/contract.md).
import { Hono } from "hono";
import {
  ApproveBody,
  GenerateProposalsBody,
  idParam,
  ModifyApproveBody,
  ProposalsQuery,
  RejectBody,
} from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { readData, writeData } from "../http/data.ts";
import { notFound } from "../http/errors.ts";
import { jsonBody, params, query } from "../http/validate.ts";
import {
  approveProposal,
  generateProposals,
  modifyApproveProposal,
  rejectProposal,
} from "../services/proposal-commands.ts";

export function tradesRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  r.get("/proposals", (c) => {
    const q = query(c, ProposalsQuery);
    return c.json(readData(c, (d) => d.repos.proposals.list(q, d.today)));
  });

  r.post("/proposals/generate", async (c) => {
    const body = await jsonBody(c, GenerateProposalsBody);
    return c.json(
      writeData(c, "proposals-generate", (d) => generateProposals(d, body.signals, body.as_of_date ?? d.today)),
    );
  });

  r.get("/proposals/:id", (c) => {
    const { id } = params(c, idParam);
    return c.json(
      readData(c, (d) => {
        const p = d.repos.proposals.get(id, d.today);
        if (!p) throw notFound(`proposal ${id}`);
        return p;
      }),
    );
  });

  r.post("/proposals/:id/approve", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, ApproveBody);
    return c.json(writeData(c, "proposal-approve", (d) => approveProposal(d, id, body)));
  });

  r.post("/proposals/:id/reject", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, RejectBody);
    return c.json(writeData(c, "proposal-reject", (d) => rejectProposal(d, id, body.manager_notes)));
  });

  r.post("/proposals/:id/modify-approve", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, ModifyApproveBody);
    return c.json(writeData(c, "proposal-modify-approve", (d) => modifyApproveProposal(d, id, body)));
  });

  return r;
}
