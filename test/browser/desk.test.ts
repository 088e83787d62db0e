// The desk in a real browser (Debian's Chromium driven by playwright-core; nothing downloads a
// browser) against the real local stack (desk-stack.ts): every screen shows the API's numbers,
// the cache works from the browser (a second load is a HIT, an idle poll a 304), an Approve
// shows up in the book at a version at least the approval's, a VIEWER gets no write buttons,
// and the page is served with the right caching headers. Screenshots and the first-render time
// go to test-results/desk/ (gitignored). Every wait is on a condition, never a fixed sleep.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTRIBUTION_FIELDS, type Attribution } from "../../desk/src/screens/attribution.ts";
import { type Book, SUMMARY_FIELDS } from "../../desk/src/screens/book.ts";
import type { Pack, Proposal } from "../../desk/src/screens/pack.ts";
import { type LiveRisk, RISK_FIELDS } from "../../desk/src/screens/risk.ts";
import { DEV_SECRETS } from "../../local/dev-secrets.ts";
import { mintToken } from "../../local/token.ts";
import { type DeskStack, startDeskStack } from "./desk-stack.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = "test-results/desk";
/** Generous: a busy 2-core machine runs wrangler dev, workerd, the origin and Chromium at once. */
const WAIT_MS = 45_000;

let stack: DeskStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let firstRenderMs: number | undefined;

async function api<T>(path: string, token = stack.managerToken): Promise<{ body: T; version: number }> {
  const res = await fetch(`${stack.edge}/api/v1/pms${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return { body: (await res.json()) as T, version: Number(res.headers.get("PMS-Data-Version")) };
}

const panel = (p: Page, name: string) => p.locator(`section.panel[data-panel="${name}"]`);

async function show(p: Page, route: string, panels: string[]): Promise<void> {
  await p.evaluate((r) => (location.hash = `#/${r}`), route);
  for (const name of panels) await panel(p, name).and(p.locator("[data-loaded]")).waitFor({ timeout: WAIT_MS });
}

async function text(p: Page, selector: string): Promise<string> {
  // textContent, not innerText: the stylesheet upper-cases some labels.
  return ((await p.locator(selector).first().textContent({ timeout: WAIT_MS })) ?? "").trim();
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (.ci/run does this)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startDeskStack(240_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  // Warm edge: the first screen's route answered once before the browser asks (a cold origin
  // computation is not what the render time is about).
  await api("/morning-pack/latest");
  await page.goto(stack.deskUrl);
  await page.waitForFunction(() => document.body.dataset.firstRenderMs !== undefined, null, { timeout: WAIT_MS });
  firstRenderMs = Number(await page.evaluate(() => document.body.dataset.firstRenderMs));
  writeFileSync(
    join(ARTIFACTS, "first-render.json"),
    `${JSON.stringify({ first_screen_rendered_ms: firstRenderMs, measured: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(`desk: first screen rendered ${firstRenderMs} ms after navigation start (warm edge)`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe("the desk in Chromium", () => {
  it("signs in from the URL fragment: the token moves to sessionStorage, never a cookie or the URL", async () => {
    expect(firstRenderMs).toBeGreaterThan(0);
    expect(page.url()).not.toContain("token=");
    expect(page.url()).toMatch(/#\/pack$/);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem("pms-desk-token"))).toBe(stack.managerToken);
    expect(await page.evaluate(() => document.body.dataset.role)).toBe("MANAGER");
    await page.locator('footer [data-field="health"][data-status="ok"]').waitFor({ timeout: WAIT_MS });
  });

  it("serves the shell uncached-stale and the hashed bundles immutable, and leaves /api to the Worker", async () => {
    const shell = await fetch(`${stack.edge}/`);
    expect(shell.headers.get("Cache-Control")).toBe("no-cache");
    expect(shell.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    const html = await shell.text();
    const bundle = /src="(\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const js = await fetch(`${stack.edge}${bundle}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const unauthenticated = await fetch(`${stack.edge}/api/v1/pms/book`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("Content-Type")).toContain("application/problem+json");
    expect((await fetch(`${stack.edge}/health`)).headers.get("Content-Type")).toContain("application/json");
  });

  it("morning pack: the pack, its action items and the pending proposals the API has", async () => {
    await show(page, "pack", ["pack", "proposals"]);
    const { body: pack } = await api<Pack>("/morning-pack/latest");
    const { body: pending } = await api<Proposal[]>("/trades/proposals?status=PENDING");
    expect(await text(page, '[data-panel="pack"] .sub')).toContain(`pack #${pack.id}`);
    const items = Array.isArray(pack.action_items) ? pack.action_items.length : 0;
    await expect.poll(() => page.locator('[data-panel="pack"] .actions li').count()).toBe(items);
    await expect.poll(() => page.locator("[data-proposal]").count()).toBe(pending.length);
    await screenshot("pack");
  });

  it("position book: the summary and the positions the API has", async () => {
    await show(page, "book", ["book"]);
    const { body: book } = await api<Book>("/book");
    for (const f of SUMMARY_FIELDS) {
      expect(await text(page, `[data-panel="book"] [data-field="${f.field}"]`), f.field).toBe(
        f.cell(book.summary).text,
      );
    }
    expect(await page.locator("tr[data-position]").count()).toBe(book.positions.length);
    // Sortable: a click on P&L sorts it descending, the best position first.
    await page.locator('th[data-sort="unrealized_pnl_brl"]').click();
    expect(await page.locator('th[data-sort="unrealized_pnl_brl"]').getAttribute("aria-sort")).toBe("descending");
    const best = [...book.positions].sort((a, b) => b.unrealized_pnl_brl - a.unrealized_pnl_brl)[0]!;
    expect(await page.locator("tr[data-position]").first().getAttribute("data-position")).toBe(String(best.id));
    await screenshot("book");
  });

  it("risk monitor: VaR, ES and leverage as the API computes them, limits and stress scenarios", async () => {
    await show(page, "risk", ["risk"]);
    const { body: risk } = await api<LiveRisk>("/risk/live");
    for (const f of RISK_FIELDS) {
      expect(await text(page, `[data-panel="risk"] [data-field="${f.field}"]`), f.field).toBe(f.cell(risk).text);
    }
    expect(await page.locator("[data-limit]").count()).toBe(risk.limits_summary.limits.length);
    expect(await page.locator('[data-table="stress"] tbody tr').count()).toBe(risk.stress_tests.length);
    await screenshot("risk");
  });

  it("attribution: the period's figures as the API has them, for MTD and after switching to YTD", async () => {
    await show(page, "attribution", ["attribution", "equity"]);
    for (const period of ["mtd", "ytd"]) {
      if (period !== "mtd") await page.locator(`button[data-period="${period}"]`).click();
      const { body: a } = await api<Attribution>(`/attribution?period=${period}`);
      for (const f of ATTRIBUTION_FIELDS) {
        await expect
          .poll(() => text(page, `[data-panel="attribution"] [data-field="${f.field}"]`), { timeout: WAIT_MS })
          .toBe(f.cell(a).text);
      }
      expect(await text(page, '[data-panel="attribution"] .sub')).toContain(`${a.period.start} → ${a.period.end}`);
    }
    // The curve follows the period's window (YTD's, once its own reload is done).
    const { body: ytd } = await api<Attribution>("/attribution?period=ytd");
    const { body: curve } = await api<Array<{ date: string }>>(
      `/attribution/equity-curve?start_date=${ytd.period.start}&end_date=${ytd.period.end}`,
    );
    const equity = page.locator('section.panel[data-panel="equity"]:not(.busy) svg.equity');
    await expect
      .poll(() => equity.locator("text").allTextContents(), { timeout: WAIT_MS })
      .toEqual(expect.arrayContaining([curve[0]!.date, curve[curve.length - 1]!.date]));
    await screenshot("attribution");
  });

  it("journal: the API's newest page, its hash chain verified in the browser", async () => {
    await show(page, "journal", ["journal"]);
    const { body: entries } = await api<Array<{ id: number }>>("/journal?limit=20&offset=0");
    const ids = await page
      .locator("tr[data-entry]")
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-entry"))));
    expect(ids).toEqual(entries.map((e) => e.id));
    await page.locator('[data-field="chain"][data-ok="true"]').waitFor({ timeout: WAIT_MS });
    await screenshot("journal");
  });

  it("loads a panel the second time from the edge's cache (HIT), and an idle poll costs a 304", async () => {
    await show(page, "pack", ["pack"]);
    await page.reload();
    await panel(page, "pack").and(page.locator("[data-loaded]")).waitFor({ timeout: WAIT_MS });
    const source = page.locator('[data-panel="pack"] [data-field="source"]');
    expect(
      await text(page, '[data-panel="pack"] [data-field="source"]'),
      String(await source.getAttribute("title")),
    ).toBe("hit");
    expect(await text(page, '[data-panel="pack"] [data-field="age"]')).toMatch(/^age \d/);
    expect(await text(page, '[data-panel="pack"] [data-field="version"]')).toMatch(/^v\d+$/);
    // A poll now (the page showing again polls at once) with the ETag it holds: unchanged, 304.
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await page.locator('[data-panel="pack"] [data-field="last-poll"][data-status="304"]').waitFor({ timeout: WAIT_MS });
    const polls = page.locator('[data-panel="pack"] [data-field="polls"]');
    expect(Number(await polls.getAttribute("data-not-modified"))).toBeGreaterThanOrEqual(1);
  });

  it("Approve a proposal: the book then shows the new position, at a version at least the approval's", async () => {
    await show(page, "pack", ["pack", "proposals"]);
    const card = page.locator("[data-proposal]").first();
    const price = card.locator('input[data-input="price"]');
    await expect.poll(() => price.inputValue(), { timeout: WAIT_MS }).not.toBe("");
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/approve"));
    await card.locator('button[data-action="approve"]').click();
    const approval = await answered;
    expect(approval.status()).toBe(200);
    const approvedAt = Number(approval.headers()["pms-data-version"]);
    const { position_id } = (await approval.json()) as { position_id: number };
    expect(approvedAt).toBeGreaterThan(0);
    expect(position_id).toBeGreaterThan(0);

    await page.locator('nav a[data-route="book"]').click();
    await page.locator(`tr[data-position="${position_id}"]`).waitFor({ timeout: WAIT_MS });
    const shown = Number((await text(page, '[data-panel="book"] [data-field="version"]')).slice(1));
    expect(shown).toBeGreaterThanOrEqual(approvedAt);
  });

  it("a VIEWER sees no write buttons, and the API still refuses the write", async () => {
    const viewer = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "VIEWER", sub: "viewer@fund" });
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const p = await ctx.newPage();
      await p.goto(`${stack.edge}/#token=${viewer}`);
      await panel(p, "proposals").and(p.locator("[data-loaded]")).waitFor({ timeout: WAIT_MS });
      expect(await p.evaluate(() => document.body.dataset.role)).toBe("VIEWER");
      expect(await p.locator("[data-proposal]").count()).toBeGreaterThan(0);
      expect(await p.locator('button[data-action="approve"], button[data-action="reject"]').count()).toBe(0);
      const id = await p.locator("[data-proposal]").first().getAttribute("data-proposal");
      await show(p, "book", ["book"]);
      expect(await p.locator('button[data-action="mtm"]').count()).toBe(0);
      await p.screenshot({ path: join(ARTIFACTS, "viewer-book.png") });

      const refused = await fetch(`${stack.edge}/api/v1/pms/trades/proposals/${id}/reject`, {
        method: "POST",
        headers: { Authorization: `Bearer ${viewer}`, "Content-Type": "application/json" },
        body: JSON.stringify({ manager_notes: "not allowed" }),
      });
      expect(refused.status).toBe(403);
    } finally {
      await ctx.close();
    }
  });
});
