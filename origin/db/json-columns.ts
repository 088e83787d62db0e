// JSON and boolean columns: SQLite stores them as TEXT and INTEGER; these are the only
// conversions the repositories need.
export const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export function fromJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

export const toFlag = (value: boolean): number => (value ? 1 : 0);
