// Risk monitor routes (#25–#29 and #35, the custom stress test, of docs/contract.md).
import * as z from "zod";
import { assetClass } from "./portfolio.ts";
import { text, ticker } from "./primitives.ts";

/** POST /risk/emergency-stop: the confirmation must be given explicitly. */
export const EmergencyStopBody = z.object({
  reason: text(1),
  manager_confirmation: z.literal(true, { message: "must be true to confirm the emergency stop" }),
});

/** What a custom shock selects: every open position of an asset class, a factor or an instrument. */
export const STRESS_SELECTORS = ["asset_class", "instrument", "factor"] as const;
/** How it moves them: bp for rates and spreads, % for prices and FX. */
export const STRESS_MAGNITUDES = ["shift_bp", "shift_pct"] as const;

/** One shock: exactly one selector and exactly one magnitude. */
export const StressShock = z
  .object({
    asset_class: assetClass.optional(),
    instrument: ticker.optional(),
    /** A risk factor as attribution names it (e.g. rates_brl), lower-cased. */
    factor: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_]+$/, { message: "must be a factor name (letters, digits, _)" })
      .transform((f) => f.toLowerCase())
      .optional(),
    /** Parallel shift in basis points (rates, spreads); ±5,000 bp at most. */
    shift_bp: z.number().finite().min(-5_000).max(5_000).optional(),
    /** Relative move in percent (prices, FX); a price cannot fall 100 % or more. */
    shift_pct: z.number().finite().gt(-100).max(1_000).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const selectors = STRESS_SELECTORS.filter((k) => s[k] !== undefined);
    const magnitudes = STRESS_MAGNITUDES.filter((k) => s[k] !== undefined);
    if (selectors.length !== 1)
      ctx.addIssue({ code: "custom", message: `needs exactly one of ${STRESS_SELECTORS.join(", ")}` });
    if (magnitudes.length !== 1)
      ctx.addIssue({ code: "custom", message: `needs exactly one of ${STRESS_MAGNITUDES.join(", ")}` });
  });
export type StressShockInput = z.infer<typeof StressShock>;

/**
 * POST /risk/stress-test: custom shocks on today's open book. A read (VIEWER, not cached, no
 * version bump). Two shocks may not repeat one selector with one kind of magnitude.
 */
export const StressTestBody = z
  .object({
    name: text(1, 100).optional(),
    shocks: z.array(StressShock).min(1).max(50),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    body.shocks.forEach((s, i) => {
      const selector = STRESS_SELECTORS.find((k) => s[k] !== undefined);
      const magnitude = STRESS_MAGNITUDES.find((k) => s[k] !== undefined);
      if (!selector || !magnitude) return;
      const key = `${selector}=${s[selector]}/${magnitude}`;
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({ code: "custom", path: ["shocks", i], message: `repeats shocks.${first} (${key})` });
      else seen.set(key, i);
    });
  });
export type StressTest = z.infer<typeof StressTestBody>;
