// The desk builds, its shell names content-hashed bundles that exist, and JS + CSS stay within
// the gzip budget (this test is the CI check of the budget).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUDGET_BYTES, checkBudget } from "./budget.ts";
import { buildDesk } from "./build.ts";

const dir = mkdtempSync(join(tmpdir(), "desk-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("desk build", () => {
  it("writes a shell naming hashed bundles, the _headers file, and stays within the gzip budget", async () => {
    const built = await buildDesk(dir);
    expect(built.js).toMatch(/^assets\/main-[A-Z0-9]{8}\.js$/);
    expect(built.css).toMatch(/^assets\/desk-[A-Z0-9]{8}\.css$/);
    const shell = readFileSync(join(dir, "index.html"), "utf8");
    expect(shell).toContain(`src="/${built.js}"`);
    expect(shell).toContain(`href="/${built.css}"`);
    expect(existsSync(join(dir, built.js)) && existsSync(join(dir, built.css))).toBe(true);
    expect(readFileSync(join(dir, "_headers"), "utf8")).toMatch(
      /\/assets\/\*\n {2}Cache-Control: public, max-age=31536000, immutable/,
    );
    console.log(`desk bundle: ${built.sizes.raw} bytes raw, ${built.sizes.gzip} bytes gzip (budget ${BUDGET_BYTES})`);
    expect(checkBudget(built.sizes)).toBeUndefined();
  });

  it("fails a bundle over its budget, and prunes the bundles of an earlier build", async () => {
    expect(checkBudget({ raw: 1, gzip: BUDGET_BYTES + 1 })).toMatch(/over the budget/);
    expect(checkBudget({ raw: 1, gzip: BUDGET_BYTES })).toBeUndefined();
    const stale = join(dir, "assets", "main-OLDHASH0.js");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(stale, "old");
    await buildDesk(dir);
    expect(existsSync(stale)).toBe(false);
  });
});
