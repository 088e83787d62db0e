// Custom stress test (docs/contract.md route 35): shocks chosen by the caller, each selecting
// open positions by asset class, factor or instrument and moving them in the contract's units.
//
// - shift_bp: a parallel move in basis points. DI1 (PU) positions are repriced through the PU
//   formula, CDS move by their CS01; a price-quoted position is not moved by a bp shock (its
//   duration is not known here) and says so in its row.
// - shift_pct: a relative move of the quote in percent: prices and FX, a PU, or a CDS spread
//   (+10 % of 170 bp = +17 bp × CS01).
// - The most specific shock wins, per kind: instrument over factor over asset class. A position
//   can take one bp and one % shock (as the named scenarios do for RATES).
// The result has a named scenario's shape (scenario, description, pnl_brl, pnl_pct) plus
// total_pnl_brl / pnl_pct_nav and the per-position breakdown.
import { defaultFactor } from "./attribution.ts";
import { perNav } from "./nav.ts";
import { isSpreadQuoted } from "./pricing.ts";
import { type Shock, type StressPosition, type StressResult, stressPnl } from "./stress.ts";
import type { AssetClass, Direction, Instrument, IsoDate } from "./types.ts";

export interface CustomShock {
  asset_class?: AssetClass;
  instrument?: string;
  factor?: string;
  shift_bp?: number;
  shift_pct?: number;
}

export type CustomStressPosition = StressPosition & { id: number };

export interface StressPositionRow {
  position_id: number;
  instrument: string;
  asset_class: AssetClass;
  factor: string;
  direction: Direction;
  notional_brl: number;
  shift_bp: number | null;
  shift_pct: number | null;
  /** How the shock moved it: rate (PU formula), spread (CS01), price (relative), none. */
  moved_by: "rate" | "spread" | "price" | "none";
  pnl_brl: number;
  pnl_pct_nav: number;
  note?: string;
}

export interface CustomStressResult extends StressResult {
  as_of_date: IsoDate;
  nav_brl: number;
  total_pnl_brl: number;
  pnl_pct_nav: number;
  shocks: CustomShock[];
  by_position: StressPositionRow[];
}

const SPECIFICITY = ["instrument", "factor", "asset_class"] as const;

function selects(s: CustomShock, p: CustomStressPosition, factor: string, level: (typeof SPECIFICITY)[number]) {
  if (level === "instrument") return s.instrument !== undefined && s.instrument === p.instrument.toUpperCase();
  if (level === "factor") return s.factor !== undefined && s.factor === factor;
  return s.asset_class !== undefined && s.asset_class === p.asset_class;
}

/** The most specific shock of a kind that selects the position. */
function pick(
  shocks: readonly CustomShock[],
  p: CustomStressPosition,
  factor: string,
  kind: "shift_bp" | "shift_pct",
): number | null {
  for (const level of SPECIFICITY) {
    const hit = shocks.find((s) => s[kind] !== undefined && selects(s, p, factor, level));
    if (hit) return hit[kind] as number;
  }
  return null;
}

export function factorOf(
  p: Pick<StressPosition, "instrument" | "asset_class">,
  instrument?: Pick<Instrument, "factor">,
) {
  return (instrument?.factor ?? defaultFactor(p.instrument, p.asset_class)).toLowerCase();
}

function describe(shocks: readonly CustomShock[]): string {
  return shocks
    .map((s) => {
      const target = s.instrument ?? s.factor ?? s.asset_class;
      const move =
        s.shift_bp !== undefined
          ? `${s.shift_bp >= 0 ? "+" : ""}${s.shift_bp} bp`
          : `${(s.shift_pct as number) >= 0 ? "+" : ""}${s.shift_pct} %`;
      return `${target} ${move}`;
    })
    .join(", ");
}

export function runCustomStress(args: {
  name?: string;
  shocks: readonly CustomShock[];
  positions: readonly CustomStressPosition[];
  navBrl: number;
  asOf: IsoDate;
  instruments?: ReadonlyMap<string, Pick<Instrument, "maturity_date" | "factor">>;
}): CustomStressResult {
  const rows: StressPositionRow[] = [];
  for (const p of args.positions) {
    const instrument = args.instruments?.get(p.instrument);
    const factor = factorOf(p, instrument);
    const bp = pick(args.shocks, p, factor, "shift_bp");
    const pct = pick(args.shocks, p, factor, "shift_pct");
    if (bp === null && pct === null) continue;
    const spread = p.price_kind !== "PU" && isSpreadQuoted(p.instrument);
    const bpApplies = p.price_kind === "PU" || spread;
    const shock: Shock = {
      ...(bp !== null && bpApplies ? { rate_bp: bp } : {}),
      ...(pct !== null ? { price_pct: pct } : {}),
    };
    const pnl = stressPnl(p, shock, args.asOf, instrument);
    const moved = shock.rate_bp !== undefined || shock.price_pct !== undefined;
    const movedBy: StressPositionRow["moved_by"] = !moved
      ? "none"
      : spread
        ? "spread"
        : shock.rate_bp !== undefined
          ? "rate"
          : "price";
    rows.push({
      position_id: p.id,
      instrument: p.instrument,
      asset_class: p.asset_class,
      factor,
      direction: p.direction,
      notional_brl: p.notional_brl,
      shift_bp: bp,
      shift_pct: pct,
      moved_by: movedBy,
      pnl_brl: pnl,
      pnl_pct_nav: perNav(pnl, args.navBrl) * 100,
      ...(bp !== null && !bpApplies
        ? { note: "a bp shift does not move a price-quoted instrument: shock it in % instead" }
        : {}),
    });
  }
  const total = rows.reduce((a, r) => a + r.pnl_brl, 0);
  const pct = perNav(total, args.navBrl) * 100;
  return {
    scenario: args.name ?? "CUSTOM",
    description: `Custom shocks: ${describe(args.shocks)}`,
    pnl_brl: total,
    pnl_pct: pct,
    as_of_date: args.asOf,
    nav_brl: args.navBrl,
    total_pnl_brl: total,
    pnl_pct_nav: pct,
    shocks: [...args.shocks],
    by_position: rows,
  };
}
