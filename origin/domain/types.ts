// Plain data types shared by the pure computations in origin/domain/ and by the origin's
// database layer, which maps its rows to these shapes. No behaviour lives here.
//
// Conventions (see README.md): dates are "YYYY-MM-DD" strings; money is BRL unless the name
// ends in `_usd`; percentages are numbers in percent (1.25 means 1.25 %); leverage is a plain
// multiple (2.5 means 2.5×). Nothing is rounded inside the domain: rounding happens at the
// payload edge.

/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

export const ASSET_CLASSES = ["RATES", "FX", "CREDIT", "EQUITY", "SOVEREIGN", "INFLATION"] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export type Direction = "LONG" | "SHORT";

/** "PU": B3 DI futures quoted as a PU on 100,000 face; "PRICE": a price or index level. */
export type PriceKind = "PU" | "PRICE";

export interface Instrument {
  ticker: string;
  asset_class: AssetClass;
  price_kind: PriceKind;
  name: string;
  currency?: "BRL" | "USD";
  /** Risk factor for attribution (e.g. "rates_brl"); defaults by ticker family when absent. */
  factor?: string;
  /** PU instruments: maturity, so business days to maturity can be computed for any date. */
  maturity_date?: IsoDate | null;
}

/** The state of one position as stored (open or closed). */
export interface PositionState {
  id: number;
  instrument: string; // ticker
  asset_class: AssetClass;
  price_kind: PriceKind;
  direction: Direction;
  notional_brl: number; // > 0; the sign comes from direction
  entry_price: number;
  entry_date: IsoDate;
  /** USD/BRL on the entry date (BRL per USD), null when unknown. */
  entry_fx_rate: number | null;
  /** Last mark (null when never marked). */
  current_price: number | null;
  /** Date of the last mark (the source date of current_price). */
  last_mark_date?: IsoDate | null;
  is_open: boolean;
  closed_at: IsoDate | null;
  close_price: number | null;
  strategy_ids: string[];
  /** Weights per strategy id; need not sum to 1 (they are normalised). */
  strategy_weights: Record<string, number> | null;
  /** Costs paid so far: entry cost while open, entry + exit cost once closed. */
  transaction_cost_brl: number;
  /** 0 while open; P&L(entry→close) − entry cost − exit cost once closed. */
  realized_pnl_brl: number;
  /** PU positions: annual rate in % and business days to maturity at entry, when known. */
  rate_pct?: number | null;
  business_days?: number | null;
}

export interface PriceBar {
  ticker: string;
  date: IsoDate;
  close: number;
}

/** One ticker's closes, sorted by date ascending (built by mtm.indexPrices). */
export interface PriceSeries {
  ticker: string;
  dates: IsoDate[];
  closes: number[];
}

/** ticker → series. */
export type PriceIndex = Map<string, PriceSeries>;

/** "execution": the close price of a position closed on that date. */
export type PriceSource = "override" | "close" | "last_mark" | "execution" | "none";

export interface ResolvedPrice {
  ticker: string;
  price: number | null; // null only when source is "none"
  source: PriceSource;
  /** Date the price was observed (the mark date for an override). */
  source_date: IsoDate | null;
  /** Source date more than 3 calendar days before the mark date (or no price at all). */
  price_stale: boolean;
}

/**
 * One position's P&L on one date. cumulative_pnl_brl is everything the position has made up
 * to and including that date, net of the costs paid so far (unrealized − entry cost while
 * open; realized once closed). daily_pnl_brl = cumulative − cumulative of the previous
 * snapshot, so the sum of daily P&L over any window is the P&L of that window, realized
 * included.
 */
export interface PnlSnapshot {
  position_id: number;
  date: IsoDate;
  price: number;
  price_source: PriceSource;
  price_stale: boolean;
  /** Gross mark-to-market P&L (before costs) of the open position; 0 once closed. */
  unrealized_pnl_brl: number;
  realized_pnl_brl: number;
  cumulative_pnl_brl: number;
  daily_pnl_brl: number;
  /** USD/BRL used for the USD twins of this snapshot (null when unknown). */
  fx_rate: number | null;
}

/** Fund-level P&L of one date (sum of the positions' daily P&L). */
export interface DailyPnl {
  date: IsoDate;
  pnl_brl: number;
  /** Σ of each snapshot's daily P&L at its own USD/BRL; null when a rate was missing. */
  pnl_usd?: number | null;
}

export interface NavPoint {
  date: IsoDate;
  nav_brl: number;
}

export interface Signal {
  instrument: string;
  asset_class: AssetClass;
  direction: Direction;
  conviction: number; // 0..1
  strategy_ids?: string[];
  signal_source?: string;
  suggested_notional_brl?: number;
  /** Numbers behind a generated signal (e.g. momentum_z, carry_bp), quoted in the rationale. */
  metrics?: Record<string, number>;
}

export type AlertStatus = "OK" | "WARNING" | "BREACHED";

export interface LimitsConfig {
  var95_pct_nav: number;
  var99_pct_nav: number;
  gross_leverage: number;
  net_leverage: number;
  drawdown_warning_pct: number;
  drawdown_limit_pct: number;
  concentration_pct_gross: Record<AssetClass, number>;
  /** A limit turns WARNING at this share of its value (percent, default 80). */
  warning_utilization_pct: number;
}

export type Unavailable = { status: "unavailable"; reason: string };
