// "Today" of the fund: its calendar date in America/Sao_Paulo (docs/contract.md, Conventions).
// Keys of requests without an explicit date use it, so entries roll over at the fund's midnight.
const SAO_PAULO = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Sao_Paulo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** YYYY-MM-DD of the instant `nowMs` in São Paulo. */
export function fundToday(nowMs: number): string {
  const parts = Object.fromEntries(SAO_PAULO.formatToParts(new Date(nowMs)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
