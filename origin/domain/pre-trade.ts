// Pre-trade checks (opens and approvals): a trade that would leave the book beyond a hard limit
// is refused before anything is written. The checks, in order:
// - NAV must be positive (every NAV-relative limit is already breached otherwise);
// - the trade's notional must not exceed `max_notional_nav_multiple` × NAV;
// - gross leverage after the trade must stay within its limit;
// - net leverage after the trade must stay within its limit, unless the trade reduces |net|.
import { directionSign } from "./pricing.ts";
import type { Direction, LimitsConfig } from "./types.ts";

export interface PreTradeInput {
  nav_brl: number;
  /** Open book before the trade (after any position the same command closes first). */
  gross_brl: number;
  net_brl: number;
  trade: { direction: Direction; notional_brl: number };
  limits: Pick<LimitsConfig, "gross_leverage" | "net_leverage">;
  max_notional_nav_multiple: number;
}

export interface PreTradeBreach {
  /** The limit's name, as in limits_summary (plus "nav" and "max_position_notional"). */
  limit: "nav" | "max_position_notional" | "gross_leverage" | "net_leverage";
  detail: string;
}

const mm = (brl: number) => `${(brl / 1e6).toFixed(2)} M BRL`;

/** The first hard limit the trade would breach, or null when it may go ahead. */
export function preTradeBreach(x: PreTradeInput): PreTradeBreach | null {
  const nav = x.nav_brl;
  const notional = Math.abs(x.trade.notional_brl);
  if (nav <= 0) return { limit: "nav", detail: `NAV is ${mm(nav)}: no new risk while it is not positive` };
  const maxNotional = x.max_notional_nav_multiple * nav;
  if (notional > maxNotional) {
    return {
      limit: "max_position_notional",
      detail: `notional ${mm(notional)} exceeds ${x.max_notional_nav_multiple}× NAV (${mm(maxNotional)})`,
    };
  }
  const gross = (x.gross_brl + notional) / nav;
  if (gross > x.limits.gross_leverage) {
    return {
      limit: "gross_leverage",
      detail: `gross leverage would be ${gross.toFixed(2)}x against a limit of ${x.limits.gross_leverage}x`,
    };
  }
  const netAfter = x.net_brl + directionSign(x.trade.direction) * notional;
  const net = Math.abs(netAfter) / nav;
  if (net > x.limits.net_leverage && Math.abs(netAfter) > Math.abs(x.net_brl)) {
    return {
      limit: "net_leverage",
      detail: `net leverage would be ${net.toFixed(2)}x against a limit of ${x.limits.net_leverage}x`,
    };
  }
  return null;
}
