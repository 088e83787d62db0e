// Concentration of the open book: each asset class's share of gross notional against its
// limit, and the share of the three largest positions. Shares are percentages of gross.
import { ASSET_CLASSES, type AssetClass, type Direction } from "./types.ts";

export interface ConcentrationPosition {
  id: number | string;
  instrument: string;
  asset_class: AssetClass;
  direction: Direction;
  notional_brl: number;
}

export interface ClassConcentration {
  gross_brl: number;
  share_pct: number;
  limit_pct: number;
  /** share / limit × 100 */
  utilization_pct: number;
}

export interface Concentration {
  gross_brl: number;
  by_asset_class: Record<AssetClass, ClassConcentration>;
  top_positions: Array<{ id: number | string; instrument: string; notional_brl: number; share_pct: number }>;
  top3_share_pct: number;
}

export function concentration(
  positions: readonly ConcentrationPosition[],
  limitsPctGross: Readonly<Record<AssetClass, number>>,
): Concentration {
  const gross = positions.reduce((a, p) => a + Math.abs(p.notional_brl), 0);
  const share = (x: number) => (gross > 0 ? (x / gross) * 100 : 0);
  const byClass = {} as Record<AssetClass, ClassConcentration>;
  for (const c of ASSET_CLASSES) {
    const classGross = positions.filter((p) => p.asset_class === c).reduce((a, p) => a + Math.abs(p.notional_brl), 0);
    const limit = limitsPctGross[c];
    byClass[c] = {
      gross_brl: classGross,
      share_pct: share(classGross),
      limit_pct: limit,
      utilization_pct: limit > 0 ? (share(classGross) / limit) * 100 : 0,
    };
  }
  const top = [...positions]
    .sort((a, b) => Math.abs(b.notional_brl) - Math.abs(a.notional_brl))
    .slice(0, 3)
    .map((p) => ({
      id: p.id,
      instrument: p.instrument,
      notional_brl: p.notional_brl,
      share_pct: share(Math.abs(p.notional_brl)),
    }));
  return {
    gross_brl: gross,
    by_asset_class: byClass,
    top_positions: top,
    top3_share_pct: top.reduce((a, p) => a + p.share_pct, 0),
  };
}
