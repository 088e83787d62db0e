// Numbers as a desk reads them: money in BRL or USD with thousands separators, compact millions
// where a column is narrow, percentages and basis points with a sign, and negatives marked
// (a leading minus and the `neg` class, which the stylesheet colours). Pure functions: tested in
// desk/src/format.test.ts.

export type Cell = { text: string; negative: boolean };

const group = (digits: number) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const formatters = new Map<number, Intl.NumberFormat>();
function fixed(value: number, digits: number): string {
  let f = formatters.get(digits);
  if (!f) formatters.set(digits, (f = group(digits)));
  // "−0.00" for a tiny negative reads as a loss that is not there.
  const text = f.format(Math.abs(value));
  return /[1-9]/.test(text) && value < 0 ? `-${text}` : text;
}

function cell(text: string, value: number | null | undefined): Cell {
  return { text, negative: typeof value === "number" && value < 0 && /[1-9]/.test(text) };
}

const missing = (v: unknown): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

/** BRL 1,234,567 (whole reais; `digits` for prices). */
export function brl(value: number | null | undefined, digits = 0): Cell {
  return missing(value) ? cell("—", null) : cell(`R$ ${fixed(value, digits)}`, value);
}

/** US$ 1,234,567. */
export function usd(value: number | null | undefined, digits = 0): Cell {
  return missing(value) ? cell("—", null) : cell(`US$ ${fixed(value, digits)}`, value);
}

/** BRL in millions for summaries: R$ 101.23 mm. */
export function brlMillions(value: number | null | undefined): Cell {
  return missing(value) ? cell("—", null) : cell(`R$ ${fixed(value / 1e6, 2)} mm`, value);
}

/** A percentage given in percent (1.25 → "1.25%"), signed when `signed`. */
export function pct(value: number | null | undefined, digits = 2, signed = false): Cell {
  if (missing(value)) return cell("—", null);
  const text = `${fixed(value, digits)}%`;
  return cell(signed && value > 0 && /[1-9]/.test(text) ? `+${text}` : text, value);
}

/** Basis points from a value in percent (0.25% → "+25 bp"). */
export function bp(valuePct: number | null | undefined): Cell {
  if (missing(valuePct)) return cell("—", null);
  const points = valuePct * 100;
  const text = `${fixed(points, 0)} bp`;
  return cell(points > 0 && /[1-9]/.test(text) ? `+${text}` : text, points);
}

/** A multiple: 2.35×. */
export function times(value: number | null | undefined, digits = 2): Cell {
  return missing(value) ? cell("—", null) : cell(`${fixed(value, digits)}×`, value);
}

/** A plain number (prices, counts). */
export function num(value: number | null | undefined, digits = 2): Cell {
  return missing(value) ? cell("—", null) : cell(fixed(value, digits), value);
}

/** Seconds as the panels show an age: 0 s, 42 s, 3 min 5 s, 2 h 1 min. */
export function age(seconds: number | null | undefined): string {
  if (missing(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
