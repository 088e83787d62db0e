// "Today" of the fund: its calendar date in America/Sao_Paulo (docs/contract.md, Conventions).
// Keys of requests without an explicit date use it, so entries roll over at the fund's midnight.
const SAO_PAULO = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Sao_Paulo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// formatToParts costs tens of microseconds, and every request asks for today (a HIT's key, the
// date bounds). Offsets are whole minutes, so the date cannot change inside a UTC minute: the last
// minute's answer is kept.
let lastMinute = Number.NaN;
let lastDate = "";

/** YYYY-MM-DD of the instant `nowMs` in São Paulo. */
export function fundToday(nowMs: number): string {
  const minute = Math.floor(nowMs / 60_000);
  if (minute !== lastMinute) {
    const parts = Object.fromEntries(SAO_PAULO.formatToParts(new Date(nowMs)).map((p) => [p.type, p.value]));
    lastDate = `${parts.year}-${parts.month}-${parts.day}`;
    lastMinute = minute;
  }
  return lastDate;
}
