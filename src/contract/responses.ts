// Response bodies of the contract (docs/contract.md), one schema per route and status 2xx: the
// OpenAPI document (src/openapi/) is generated from them, and a test holds every route's answer
// of the reference origin against its schema (origin/contract-responses.test.ts). Objects are
// open (`looseObject`): an origin may add fields without breaking clients. A field the
// reference origin leaves null in every state it was checked in is `unknown` rather than guessed.
import * as z from "zod";

/** A position of the book (open or closed). */
/** A limit in warning or breached. */
const Alert = z.looseObject({
  limit: z.string(),
  severity: z.string(),
  value: z.number(),
  limit_value: z.number(),
  utilization_pct: z.number(),
  message: z.string(),
});

export const Position = z.looseObject({
  id: z.number(),
  instrument: z.string(),
  asset_class: z.string(),
  direction: z.string(),
  quantity: z.number(),
  notional_brl: z.number(),
  notional_usd: z.number(),
  entry_price: z.number(),
  entry_date: z.string(),
  entry_fx_rate: z.number(),
  current_price: z.number(),
  unrealized_pnl_brl: z.number(),
  unrealized_pnl_usd: z.number(),
  realized_pnl_brl: z.number(),
  realized_pnl_usd: z.number(),
  transaction_cost_brl: z.number(),
  is_open: z.boolean(),
  closed_at: z.string().nullable(),
  close_price: z.number().nullable(),
  entry_dv01: z.number().nullable(),
  entry_delta: z.number(),
  strategy_ids: z.array(z.string()),
  strategy_weights: z.record(z.string(), z.number()).nullable(),
  notes: z.unknown(),
  price_stale: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  manager_thesis: z.string(),
  target_price: z.unknown(),
  stop_loss: z.unknown(),
  time_horizon: z.unknown(),
});

/** A trade proposal and its review. */
export const Proposal = z.looseObject({
  id: z.number(),
  instrument: z.string(),
  asset_class: z.string(),
  direction: z.string(),
  suggested_notional_brl: z.number(),
  conviction: z.number(),
  signal_source: z.string(),
  strategy_ids: z.array(z.string()),
  rationale: z.string(),
  risk_impact: z.looseObject({
    gross_before_brl: z.number(),
    gross_after_brl: z.number(),
    net_before_brl: z.number(),
    net_after_brl: z.number(),
    leverage_before: z.number(),
    leverage_after: z.number(),
    asset_class_share_after_pct: z.number(),
    closes_position_id: z.number().nullable(),
  }),
  status: z.string(),
  is_flip: z.boolean(),
  flip_position_id: z.number().nullable(),
  as_of_date: z.string(),
  execution_price: z.number().nullable(),
  execution_notional_brl: z.number().nullable(),
  position_id: z.number().nullable(),
  notes: z.string().nullable(),
  reviewed_by: z.string().nullable(),
  created_at: z.string(),
  reviewed_at: z.string().nullable(),
});

/** An entry of the hash-chained decision journal. */
export const JournalEntry = z.looseObject({
  id: z.number(),
  created_at: z.string(),
  entry_type: z.string(),
  position_id: z.number().nullable(),
  proposal_id: z.number().nullable(),
  instrument: z.string(),
  direction: z.string(),
  notional_brl: z.number().nullable(),
  entry_price: z.number().nullable(),
  manager_notes: z.string(),
  system_notes: z.string(),
  author: z.string(),
  content_hash: z.string(),
  prev_hash: z.string(),
  is_locked: z.boolean(),
});

/** The morning briefing of one date. */
export const MorningPack = z.looseObject({
  id: z.number(),
  briefing_date: z.string(),
  created_at: z.string(),
  action_items: z.array(
    z.looseObject({ priority: z.number(), category: z.string(), title: z.string(), detail: z.string() }),
  ),
  trade_proposals: z.array(Proposal),
  market_snapshot: z.array(
    z.looseObject({
      ticker: z.string(),
      name: z.string(),
      asset_class: z.string(),
      last: z.number(),
      date: z.string(),
      change_1d_pct: z.number(),
      change_5d_pct: z.number(),
      change_20d_pct: z.number(),
      rate_pct: z.number().nullable(),
      stale: z.boolean(),
    }),
  ),
  risk_summary: z.looseObject({
    overall_status: z.string(),
    var_95_pct: z.number(),
    var_99_pct: z.number(),
    es_975_pct: z.number(),
    leverage_gross: z.number(),
    leverage_net: z.number(),
    drawdown_pct: z.number(),
    alerts: z.array(Alert),
    worst_stress: z.looseObject({
      scenario: z.string(),
      description: z.string(),
      pnl_brl: z.number(),
      pnl_pct: z.number(),
    }),
  }),
  portfolio_state: z.looseObject({
    nav_brl: z.number(),
    open_positions: z.number(),
    gross_notional_brl: z.number(),
    net_notional_brl: z.number(),
    leverage: z.number(),
    net_leverage: z.number(),
    pnl_today_brl: z.number(),
    pnl_mtd_brl: z.number(),
    pnl_ytd_brl: z.number(),
    stale_price_tickers: z.array(z.unknown()),
  }),
  regime: z.looseObject({
    regime: z.string(),
    score: z.number(),
    volatility: z.string(),
    reads: z.array(z.looseObject({ factor: z.string(), change_20d_pct: z.number(), read: z.string() })),
    previous: z.unknown(),
    changed: z.boolean(),
  }),
  top_signals: z.array(
    z.looseObject({
      instrument: z.string(),
      asset_class: z.string(),
      direction: z.string(),
      conviction: z.number(),
      strategy_ids: z.array(z.string()),
      signal_source: z.string(),
      metrics: z.looseObject({ return_pct: z.number(), momentum_z: z.number() }),
    }),
  ),
  agent_views: z.array(
    z.looseObject({
      agent: z.string(),
      signals: z.number(),
      longs: z.number(),
      shorts: z.number(),
      stance: z.string(),
      avg_conviction: z.number(),
      top: z.array(z.string()),
    }),
  ),
  signal_changes: z.looseObject({ status: z.string(), reason: z.string() }),
  macro_narrative: z.string(),
});

/** P&L of one bucket of an attribution (strategy, asset class, instrument, factor, trade type). */
const Bucket = z.looseObject({ pnl_brl: z.number(), return_pct: z.number(), positions: z.number() });
const Buckets = z.record(z.string(), Bucket);

/** The book's headline figures (GET /book `summary`, GET /pnl/summary `data`). */
const BookSummary = z.looseObject({
  aum: z.number(),
  total_notional_brl: z.number(),
  net_notional_brl: z.number(),
  leverage: z.number(),
  net_leverage: z.number(),
  open_positions: z.number(),
  pnl_today_brl: z.number(),
  pnl_mtd_brl: z.number(),
  pnl_ytd_brl: z.number(),
  pnl_today_usd: z.number(),
  pnl_mtd_usd: z.number(),
  pnl_ytd_usd: z.number(),
  total_unrealized_pnl_brl: z.number(),
  total_realized_pnl_brl: z.number(),
  as_of_date: z.string(),
});

/** Every limit, its use and status (GET /risk/live and GET /risk/limits). */
const LimitsSummary = z.looseObject({
  overall_status: z.string(),
  limits: z.array(
    z.looseObject({
      name: z.string(),
      unit: z.string(),
      value: z.number(),
      limit: z.number(),
      warning_at: z.number(),
      utilization_pct: z.number(),
      status: z.string(),
    }),
  ),
  warning_count: z.number(),
  breached_count: z.number(),
});

/** A position ranked by P&L (GET /attribution/best-worst). */
const RankedPosition = z.looseObject({
  id: z.number(),
  instrument: z.string(),
  asset_class: z.string(),
  direction: z.string(),
  is_open: z.boolean(),
  entry_date: z.string(),
  closed_at: z.string().nullable(),
  pnl_brl: z.number(),
});

/** 2xx bodies of the origin's routes, by `METHOD /pattern` (relative to the API prefix). */
export const ORIGIN_RESPONSES = {
  "GET /book": z.looseObject({
    summary: BookSummary,
    positions: z.array(Position),
    by_asset_class: z.record(
      z.string(),
      z.looseObject({
        count: z.number(),
        notional_brl: z.number(),
        net_notional_brl: z.number(),
        unrealized_pnl_brl: z.number(),
      }),
    ),
    closed_today: z.array(Position),
  }),
  "GET /book/positions": z.array(Position),
  "POST /book/positions/open": Position,
  "POST /book/positions/:id/close": Position,
  "POST /book/positions/:id/update-price": Position,
  "POST /mtm": z.looseObject({ status: z.string(), updated_count: z.number(), positions: z.array(Position) }),
  "GET /pnl/summary": z.looseObject({
    status: z.string(),
    data: BookSummary,
  }),
  "GET /pnl/equity-curve": z.array(
    z.looseObject({ snapshot_date: z.string(), daily_pnl_brl: z.number(), cumulative_pnl_brl: z.number() }),
  ),
  "GET /pnl/attribution": z.looseObject({
    status: z.string(),
    data: z.looseObject({
      by_strategy: Buckets,
      by_asset_class: Buckets,
      by_instrument: Buckets,
    }),
  }),
  "GET /pnl/monthly-heatmap": z.looseObject({
    status: z.string(),
    data: z.looseObject({
      months: z.array(
        z.looseObject({ year: z.number(), month: z.number(), pnl_brl: z.number(), return_pct: z.number() }),
      ),
    }),
  }),
  "GET /trades/proposals": z.array(Proposal),
  "GET /trades/proposals/:id": Proposal,
  "POST /trades/proposals/:id/approve": Proposal,
  "POST /trades/proposals/:id/reject": Proposal,
  "POST /trades/proposals/:id/modify-approve": Proposal,
  "POST /trades/proposals/generate": z.array(Proposal),
  "GET /journal": z.array(JournalEntry),
  "GET /journal/stats/decision-analysis": z.looseObject({
    total_entries: z.number(),
    by_type: z.record(z.string(), z.number()),
    approval_rate: z.number(),
    avg_holding_days: z.number(),
    total_positions_opened: z.number(),
    total_positions_closed: z.number(),
    total_rejections: z.number(),
  }),
  "GET /journal/:id": JournalEntry,
  "POST /journal/:id/outcome": JournalEntry,
  "GET /morning-pack/latest": MorningPack,
  "POST /morning-pack/generate": MorningPack,
  "GET /morning-pack/history": z.array(
    z.looseObject({ briefing_date: z.string(), action_items_count: z.number(), narrative_excerpt: z.string() }),
  ),
  "GET /morning-pack/:date": MorningPack,
  "GET /risk/live": z.looseObject({
    as_of_date: z.string(),
    var: z.looseObject({
      var_95_brl: z.number(),
      var_99_brl: z.number(),
      es_975_brl: z.number(),
      var_95_pct: z.number(),
      var_99_pct: z.number(),
      es_975_pct: z.number(),
      method: z.string(),
      observations: z.number(),
      historical: z.looseObject({
        var_95_brl: z.number(),
        var_99_brl: z.number(),
        es_975_brl: z.number(),
        var_95_pct: z.number(),
        var_99_pct: z.number(),
        es_975_pct: z.number(),
      }),
      parametric: z.looseObject({
        var_95_brl: z.number(),
        var_99_brl: z.number(),
        es_975_brl: z.number(),
        var_95_pct: z.number(),
        var_99_pct: z.number(),
        es_975_pct: z.number(),
      }),
      worst_day: z.looseObject({ date: z.string(), pnl_brl: z.number() }),
    }),
    leverage: z.looseObject({
      gross: z.number(),
      net: z.number(),
      gross_notional_brl: z.number(),
      net_notional_brl: z.number(),
      nav_brl: z.number(),
    }),
    drawdown: z.looseObject({
      current_drawdown_pct: z.number(),
      max_drawdown_pct: z.number(),
      days_in_drawdown: z.number(),
      peak_date: z.string(),
      peak_nav_brl: z.number(),
      current_nav_brl: z.number(),
      max_drawdown_date: z.string(),
    }),
    concentration: z.looseObject({
      gross_brl: z.number(),
      by_asset_class: z.record(
        z.string(),
        z.looseObject({
          gross_brl: z.number(),
          share_pct: z.number(),
          limit_pct: z.number(),
          utilization_pct: z.number(),
        }),
      ),
      top_positions: z.array(
        z.looseObject({ id: z.number(), instrument: z.string(), notional_brl: z.number(), share_pct: z.number() }),
      ),
      top3_share_pct: z.number(),
    }),
    stress_tests: z.array(
      z.looseObject({ scenario: z.string(), description: z.string(), pnl_brl: z.number(), pnl_pct: z.number() }),
    ),
    limits_summary: LimitsSummary,
    alerts: z.array(Alert),
  }),
  "GET /risk/trend": z.array(
    z.looseObject({
      date: z.string(),
      var_95: z.number(),
      var_99: z.number(),
      leverage_gross: z.number(),
      drawdown_pct: z.number(),
      alert_count: z.number(),
      overall_status: z.string(),
    }),
  ),
  "GET /risk/limits": z.looseObject({
    config: z.looseObject({
      var95_pct_nav: z.number(),
      var99_pct_nav: z.number(),
      gross_leverage: z.number(),
      net_leverage: z.number(),
      drawdown_warning_pct: z.number(),
      drawdown_limit_pct: z.number(),
      concentration_pct_gross: z.record(z.string(), z.number()),
      warning_utilization_pct: z.number(),
    }),
    limits_summary: LimitsSummary,
  }),
  // NAV at or below zero makes the shares of NAV unbounded: null in JSON.
  "POST /risk/stress-test": z.looseObject({
    scenario: z.string(),
    description: z.string(),
    pnl_brl: z.number(),
    pnl_pct: z.number().nullable(),
    as_of_date: z.string(),
    nav_brl: z.number(),
    total_pnl_brl: z.number(),
    pnl_pct_nav: z.number().nullable(),
    shocks: z.array(z.looseObject({})),
    by_position: z.array(
      z.looseObject({
        position_id: z.number(),
        instrument: z.string(),
        asset_class: z.string(),
        factor: z.string(),
        direction: z.string(),
        notional_brl: z.number(),
        shift_bp: z.number().nullable(),
        shift_pct: z.number().nullable(),
        moved_by: z.enum(["rate", "spread", "price", "none"]),
        pnl_brl: z.number(),
        pnl_pct_nav: z.number().nullable(),
        note: z.string().optional(),
      }),
    ),
  }),
  "POST /risk/emergency-stop": z.looseObject({
    status: z.string(),
    reason: z.string(),
    activated_by: z.string(),
    data: z.looseObject({
      stop_active: z.boolean(),
      proposals_frozen: z.boolean(),
      activated_at: z.string(),
      pending_proposals: z.number(),
    }),
  }),
  "POST /risk/emergency-stop/reset": z.looseObject({
    status: z.string(),
    data: z.looseObject({
      reset: z.boolean(),
      timestamp: z.string(),
      manager: z.string(),
      proposals_frozen: z.boolean(),
      stop_active: z.boolean(),
    }),
  }),
  "GET /attribution": z.looseObject({
    period: z.looseObject({ start: z.string(), end: z.string(), calendar_days: z.number(), label: z.string() }),
    total_pnl_brl: z.number(),
    total_return_pct: z.number(),
    by_strategy: Buckets,
    by_asset_class: Buckets,
    by_instrument: Buckets,
    by_factor: z.looseObject({
      credit_spread: Bucket,
      equity_br: Bucket,
      equity_global: Bucket,
      fx_brl: Bucket,
      inflation_brl: Bucket,
      rates_brl: Bucket,
      rates_usd: Bucket,
    }),
    by_time_period: z.array(
      z.looseObject({
        label: z.string(),
        start: z.string(),
        end: z.string(),
        pnl_brl: z.number(),
        return_pct: z.number(),
      }),
    ),
    by_trade_type: Buckets,
    performance_stats: z.looseObject({
      days: z.number(),
      cumulative_return_pct: z.number(),
      annualized_return_pct: z.number(),
      annualized_volatility_pct: z.number(),
      sharpe_ratio: z.number(),
      sortino_ratio: z.number(),
      max_drawdown_pct: z.number(),
      win_rate_pct: z.number(),
      profit_factor: z.number(),
      avg_win_brl: z.number(),
      avg_loss_brl: z.number(),
      best_day_brl: z.number(),
      worst_day_brl: z.number(),
    }),
  }),
  "GET /attribution/equity-curve": z.array(
    z.looseObject({
      date: z.string(),
      equity_brl: z.number(),
      return_pct_daily: z.number(),
      return_pct_cumulative: z.number(),
      drawdown_pct: z.number(),
    }),
  ),
  "GET /attribution/best-worst": z.looseObject({
    best: z.array(RankedPosition),
    worst: z.array(RankedPosition),
    total_positions: z.number(),
  }),
  "POST /pipeline/trigger": z.looseObject({
    status: z.string(),
    date: z.string(),
    steps: z.looseObject({
      mtm: z.looseObject({ status: z.string(), updated_count: z.number() }),
      proposals: z.looseObject({ status: z.string(), created: z.number() }),
      morning_pack: z.looseObject({ status: z.string(), briefing_date: z.string() }),
      risk_snapshot: z.looseObject({ status: z.string(), overall_status: z.string() }),
      portfolio_returns: z.looseObject({ status: z.string(), rows_inserted: z.number() }),
    }),
  }),
  "POST /pipeline/backfill-returns": z.looseObject({
    status: z.string(),
    rows_inserted: z.number(),
    total_rows: z.number(),
    date_range: z.looseObject({ start: z.string(), end: z.string() }),
  }),
} as const satisfies Record<string, z.ZodType>;

const probe = z.object({ ok: z.boolean(), latency_ms: z.number(), error: z.string().optional() });
const warmStep = z.object({
  step: z.string(),
  ok: z.boolean(),
  status: z.number().nullable(),
  cache_status: z.string().nullable(),
  attempts: z.number(),
  duration_ms: z.number(),
  error: z.string().optional(),
});

/** The edge's own routes (docs/contract.md §Edge-only routes). */
export const EDGE_RESPONSES = {
  "GET /health": z.object({ status: z.enum(["ok", "degraded"]), redis: probe, origin: probe }),
  "GET /cache/status": z.looseObject({ fund: z.string(), redis: z.enum(["up", "unavailable"]) }),
  "GET /session": z.object({ sub: z.string(), role: z.string(), fund: z.string() }),
  "POST /cache/invalidate": z.object({
    status: z.literal("ok"),
    invalidated: z.array(z.string()),
    generations: z.record(z.string(), z.string()),
  }),
  "POST /cache/warm": z.object({
    schedule: z.enum(["eod", "pre-open"]),
    ok: z.boolean(),
    started_at: z.string(),
    duration_ms: z.number(),
    steps: z.array(warmStep),
  }),
} as const satisfies Record<string, z.ZodType>;
