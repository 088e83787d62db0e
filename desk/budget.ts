// The desk's size budget: JS + CSS, gzip, at most 100 KiB (docs/desk.md §Small and fast).
// Checked by desk/build.test.ts in `npm test` (so in .ci/run) and by `npm run build:desk`.
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 100 * 1024;

export interface Sizes {
  raw: number;
  gzip: number;
}

/** Each file gzipped on its own (as served), summed. */
export function sizesOf(files: Uint8Array[]): Sizes {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    raw += f.byteLength;
    gzip += gzipSync(f, { level: 9 }).byteLength;
  }
  return { raw, gzip };
}

/** Undefined within budget, else what is wrong. */
export function checkBudget(sizes: Sizes, budget = BUDGET_BYTES): string | undefined {
  if (sizes.gzip <= budget) return undefined;
  return `JS+CSS is ${sizes.gzip} bytes gzip, over the budget of ${budget} bytes`;
}
