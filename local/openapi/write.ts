// npm run openapi [-- --check]: writes docs/openapi.json from the contract (the same document the
// Worker serves at GET /api/v1/pms/openapi.json); with --check, fails when the file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { openApiDocument } from "../../src/openapi/document.ts";

const PATH = "docs/openapi.json";
const document = openApiDocument();

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(PATH, "utf8");
  } catch {
    // missing: stale
  }
  if (current !== document) {
    process.stderr.write(`openapi: ${PATH} is not the document the contract generates; run npm run openapi\n`);
    process.exit(1);
  }
  process.stdout.write(`openapi: ${PATH} is up to date\n`);
} else {
  writeFileSync(PATH, document);
  process.stdout.write(`openapi: wrote ${PATH} (${document.length} bytes)\n`);
}
