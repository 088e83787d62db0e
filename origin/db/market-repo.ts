// Instruments and their daily closes (USDBRL closes are the fund's FX rate of the day).
import type { AssetClass, Instrument, IsoDate, PriceBar, PriceKind } from "../domain/types.ts";
import type { Db } from "./open.ts";

interface InstrumentRow {
  ticker: string;
  name: string;
  asset_class: string;
  price_kind: string;
  currency: string;
  factor: string | null;
  maturity_date: string | null;
}

function fromRow(r: InstrumentRow): Instrument {
  return {
    ticker: r.ticker,
    name: r.name,
    asset_class: r.asset_class as AssetClass,
    price_kind: r.price_kind as PriceKind,
    currency: r.currency === "USD" ? "USD" : "BRL",
    ...(r.factor ? { factor: r.factor } : {}),
    maturity_date: r.maturity_date,
  };
}

export class MarketRepo {
  constructor(private readonly db: Db) {}

  insertInstrument(i: Instrument): void {
    this.db
      .prepare(
        `INSERT INTO instruments (ticker, name, asset_class, price_kind, currency, factor, maturity_date)
         VALUES (@ticker, @name, @asset_class, @price_kind, @currency, @factor, @maturity_date)`,
      )
      .run({ currency: "BRL", factor: null, maturity_date: null, ...i });
  }

  instruments(): Instrument[] {
    return this.db.prepare<[], InstrumentRow>("SELECT * FROM instruments ORDER BY ticker").all().map(fromRow);
  }

  instrument(ticker: string): Instrument | undefined {
    const row = this.db.prepare<[string], InstrumentRow>("SELECT * FROM instruments WHERE ticker = ?").get(ticker);
    return row && fromRow(row);
  }

  insertCloses(bars: Iterable<PriceBar>): void {
    const stmt = this.db.prepare(
      "INSERT OR REPLACE INTO daily_closes (ticker, date, close) VALUES (@ticker, @date, @close)",
    );
    for (const bar of bars) stmt.run(bar);
  }

  /** Every close on or before `end` (all of them when omitted), for indexPrices. */
  closes(end?: IsoDate): PriceBar[] {
    return end
      ? this.db.prepare<[IsoDate], PriceBar>("SELECT ticker, date, close FROM daily_closes WHERE date <= ?").all(end)
      : this.db.prepare<[], PriceBar>("SELECT ticker, date, close FROM daily_closes").all();
  }

  /**
   * The closes a window of history needs: every close dated in [start, end], plus each ticker's
   * last close before `start` (what a series carried into the window reads on its first day).
   */
  closesBetween(start: IsoDate, end: IsoDate): PriceBar[] {
    return this.db
      .prepare<{ start: IsoDate; end: IsoDate }, PriceBar>(
        `SELECT ticker, date, close FROM daily_closes WHERE date >= @start AND date <= @end
         UNION ALL
         SELECT c.ticker, c.date, c.close FROM (SELECT DISTINCT ticker FROM daily_closes) t
         JOIN daily_closes c ON c.ticker = t.ticker
          AND c.date = (SELECT MAX(date) FROM daily_closes WHERE ticker = t.ticker AND date < @start)`,
      )
      .all({ start, end });
  }

  /** The latest close of a ticker on or before a date. */
  closeOnOrBefore(ticker: string, date: IsoDate): { date: IsoDate; close: number } | undefined {
    return this.db
      .prepare<[string, IsoDate], { date: string; close: number }>(
        "SELECT date, close FROM daily_closes WHERE ticker = ? AND date <= ? ORDER BY date DESC LIMIT 1",
      )
      .get(ticker, date);
  }

  lastCloseDate(): IsoDate | null {
    return this.db.prepare<[], { d: string | null }>("SELECT MAX(date) AS d FROM daily_closes").get()?.d ?? null;
  }
}
