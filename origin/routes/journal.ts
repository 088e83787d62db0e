// Decision journal routes (#17–#20 of docs/contract.md), with their full paths.
import { type Context, Hono } from "hono";
import { idParam, JournalQuery, OutcomeBody } from "../../src/contract/index.ts";
import type { OriginEnv } from "../app-env.ts";
import { readData, writeData } from "../http/data.ts";
import { notFound } from "../http/errors.ts";
import { jsonBody, params, query } from "../http/validate.ts";
import { appendJournal } from "../services/journal-service.ts";
import { decisionAnalysis } from "../services/journal-stats.ts";

export function journalRoutes(): Hono<OriginEnv> {
  const r = new Hono<OriginEnv>();

  const list = (c: Context<OriginEnv>) => {
    const q = query(c, JournalQuery);
    return c.json(readData(c, (d) => d.repos.journal.list(q)));
  };
  // Mounted at the API root so both spellings of the list exist (a sub-app mounted at /journal
  // would only match /journal).
  r.get("/journal", list);
  r.get("/journal/", list);

  r.get("/journal/stats/decision-analysis", (c) => c.json(readData(c, (d) => decisionAnalysis(d))));

  r.get("/journal/:id", (c) => {
    const { id } = params(c, idParam);
    return c.json(
      readData(c, (d) => {
        const entry = d.repos.journal.get(id);
        if (!entry) throw notFound(`journal entry ${id}`);
        return entry;
      }),
    );
  });

  // The outcome of a decision is a new NOTE linked to the same position: the journal is append-only.
  r.post("/journal/:id/outcome", async (c) => {
    const { id } = params(c, idParam);
    const body = await jsonBody(c, OutcomeBody);
    const entry = writeData(c, "journal-outcome", (d) => {
      const target = d.repos.journal.get(id);
      if (!target) throw notFound(`journal entry ${id}`);
      const assessment = body.realized_pnl_assessment ? ` [${body.realized_pnl_assessment}]` : "";
      return appendJournal(d, {
        entry_type: "NOTE",
        position_id: target.position_id,
        proposal_id: target.proposal_id,
        instrument: target.instrument,
        direction: target.direction,
        manager_notes: body.outcome_notes,
        system_notes: `Outcome of journal entry ${id}${assessment}`,
      });
    });
    return c.json(entry, 201);
  });

  return r;
}
