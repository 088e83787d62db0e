// Builds the desk (desk/src) into the static assets the Worker serves (wrangler.toml [assets]):
// esbuild bundles and minifies the TypeScript and the stylesheet under content-hashed names in
// assets/, and index.html (the page shell) names them. Files are written atomically and old
// hashed files are pruned, so a build beside a running `wrangler dev` never serves half a file.
// Run by `npm start` (local/start.ts), `npm run build:desk`, the tests' setup, and before
// `wrangler deploy` (docs/desk.md). CLI: `tsx desk/build.ts [--out dir]` prints the sizes and
// fails when the bundle is over its budget.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { BUDGET_BYTES, checkBudget, type Sizes, sizesOf } from "./budget.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the Worker's assets are (wrangler.toml [assets].directory). */
export const DESK_DIST = join(HERE, "dist");

export interface DeskBuild {
  outDir: string;
  /** Paths under outDir, e.g. "assets/main-3FQ2K1.js". */
  js: string;
  css: string;
  sizes: Sizes;
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

export async function buildDesk(outDir = DESK_DIST): Promise<DeskBuild> {
  const out = resolve(outDir);
  const result = await build({
    entryPoints: { main: join(HERE, "src/main.ts"), desk: join(HERE, "src/desk.css") },
    outdir: out,
    entryNames: "assets/[name]-[hash]",
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox110", "safari16"],
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  const files = new Map(result.outputFiles.map((f) => [relative(out, f.path).split("\\").join("/"), f.contents]));
  const names = [...files.keys()];
  const js = names.find((n) => n.endsWith(".js"));
  const css = names.find((n) => n.endsWith(".css"));
  if (!js || !css) throw new Error(`desk build produced ${names.join(", ")}, expected one .js and one .css`);

  for (const [name, contents] of files) writeAtomically(join(out, name), contents);
  const shell = readFileSync(join(HERE, "static/index.html"), "utf8")
    .replace("%JS%", `/${js}`)
    .replace("%CSS%", `/${css}`);
  writeAtomically(join(out, "index.html"), shell);
  writeAtomically(join(out, "_headers"), readFileSync(join(HERE, "static/_headers")));
  // Hashed files of earlier builds: nothing names them any more.
  for (const old of readdirSync(join(out, "assets"))) {
    if (!files.has(`assets/${old}`) && !old.includes(".tmp-")) rmSync(join(out, "assets", old), { force: true });
  }
  return { outDir: out, js, css, sizes: sizesOf([files.get(js)!, files.get(css)!]) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const built = await buildDesk(at > 0 ? process.argv[at + 1] : DESK_DIST);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  process.stdout.write(
    `desk: ${built.js}, ${built.css} in ${built.outDir}: ${kib(built.sizes.raw)} raw, ${kib(built.sizes.gzip)} gzip (budget ${kib(BUDGET_BYTES)})\n`,
  );
  const over = checkBudget(built.sizes);
  if (over) {
    process.stderr.write(`desk: ${over}\n`);
    process.exit(1);
  }
}
