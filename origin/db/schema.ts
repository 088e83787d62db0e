// The reference origin's SQLite schema: the one source of truth every route reads and writes.
// Money columns are REAL BRL; dates are TEXT "YYYY-MM-DD"; timestamps TEXT ISO 8601 UTC;
// JSON columns hold arrays/objects serialised by the repositories.
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS instruments (
  ticker        TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  asset_class   TEXT NOT NULL,
  price_kind    TEXT NOT NULL CHECK (price_kind IN ('PU', 'PRICE')),
  currency      TEXT NOT NULL DEFAULT 'BRL',
  factor        TEXT,
  maturity_date TEXT
);

CREATE TABLE IF NOT EXISTS daily_closes (
  ticker TEXT NOT NULL,
  date   TEXT NOT NULL,
  close  REAL NOT NULL,
  PRIMARY KEY (ticker, date)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS positions (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  instrument           TEXT NOT NULL,
  asset_class          TEXT NOT NULL,
  price_kind           TEXT NOT NULL,
  direction            TEXT NOT NULL CHECK (direction IN ('LONG', 'SHORT')),
  notional_brl         REAL NOT NULL,
  entry_price          REAL NOT NULL,
  entry_date           TEXT NOT NULL,
  entry_fx_rate        REAL,
  current_price        REAL,
  last_mark_date       TEXT,
  price_stale          INTEGER NOT NULL DEFAULT 0,
  unrealized_pnl_brl   REAL NOT NULL DEFAULT 0,
  realized_pnl_brl     REAL NOT NULL DEFAULT 0,
  transaction_cost_brl REAL NOT NULL DEFAULT 0,
  is_open              INTEGER NOT NULL DEFAULT 1,
  closed_at            TEXT,
  close_price          REAL,
  entry_dv01           REAL,
  entry_delta          REAL,
  strategy_ids         TEXT NOT NULL DEFAULT '[]',
  strategy_weights     TEXT,
  rate_pct             REAL,
  business_days        INTEGER,
  manager_thesis       TEXT,
  target_price         REAL,
  stop_loss            REAL,
  time_horizon         TEXT,
  notes                TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS positions_open ON positions (is_open);

-- One snapshot per position per date; re-marking a date replaces it (PRIMARY KEY + upsert).
CREATE TABLE IF NOT EXISTS pnl_snapshots (
  position_id        INTEGER NOT NULL REFERENCES positions(id),
  date               TEXT NOT NULL,
  price              REAL NOT NULL,
  price_source       TEXT NOT NULL,
  price_stale        INTEGER NOT NULL,
  unrealized_pnl_brl REAL NOT NULL,
  realized_pnl_brl   REAL NOT NULL,
  cumulative_pnl_brl REAL NOT NULL,
  daily_pnl_brl      REAL NOT NULL,
  fx_rate            REAL,
  PRIMARY KEY (position_id, date)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pnl_snapshots_date ON pnl_snapshots (date);

-- The fund's P&L per date, kept by SnapshotsRepo in the same transaction as every snapshot
-- write, so NAV, the Book's windows, risk and attribution read ~one row per day instead of
-- aggregating every snapshot of the history. pnl_usd is NULL when a snapshot had no FX rate.
CREATE TABLE IF NOT EXISTS fund_daily_pnl (
  date    TEXT PRIMARY KEY,
  pnl_brl REAL NOT NULL,
  pnl_usd REAL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS proposals (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  instrument             TEXT NOT NULL,
  asset_class            TEXT NOT NULL,
  direction              TEXT NOT NULL,
  suggested_notional_brl REAL NOT NULL,
  conviction             REAL NOT NULL,
  signal_source          TEXT NOT NULL,
  strategy_ids           TEXT NOT NULL DEFAULT '[]',
  rationale              TEXT NOT NULL,
  risk_impact            TEXT NOT NULL DEFAULT '{}',
  status                 TEXT NOT NULL DEFAULT 'PENDING',
  is_flip                INTEGER NOT NULL DEFAULT 0,
  flip_position_id       INTEGER,
  as_of_date             TEXT NOT NULL,
  expires_on             TEXT NOT NULL DEFAULT '',
  execution_price        REAL,
  execution_notional_brl REAL,
  position_id            INTEGER,
  notes                  TEXT,
  reviewed_by            TEXT,
  created_at             TEXT NOT NULL,
  reviewed_at            TEXT
);

-- Append-only decision journal: a hash chain (content_hash over the entry and prev_hash).
CREATE TABLE IF NOT EXISTS journal (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at     TEXT NOT NULL,
  entry_type     TEXT NOT NULL,
  position_id    INTEGER,
  proposal_id    INTEGER,
  instrument     TEXT,
  direction      TEXT,
  notional_brl   REAL,
  entry_price    REAL,
  manager_notes  TEXT,
  system_notes   TEXT,
  author         TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  is_locked      INTEGER NOT NULL DEFAULT 1
);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

CREATE TABLE IF NOT EXISTS emergency_stop (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  active       INTEGER NOT NULL,
  reason       TEXT,
  activated_by TEXT,
  activated_at TEXT,
  reset_by     TEXT,
  reset_at     TEXT
);

CREATE TABLE IF NOT EXISTS morning_packs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  briefing_date TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  body          TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS risk_trend (
  date           TEXT PRIMARY KEY,
  var_95         REAL NOT NULL,
  var_99         REAL NOT NULL,
  leverage_gross REAL NOT NULL,
  drawdown_pct   REAL NOT NULL,
  alert_count    INTEGER NOT NULL,
  overall_status TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS portfolio_returns (
  date       TEXT PRIMARY KEY,
  nav_brl    REAL NOT NULL,
  pnl_brl    REAL NOT NULL,
  return_pct REAL NOT NULL
);
`;
