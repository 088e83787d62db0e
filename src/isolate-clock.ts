// A logical clock of this isolate (module scope on purpose: it lives as long as the isolate and
// is only ever compared within it). JavaScript runs one task at a time in an isolate, so its
// ticks order exactly what happened before what: when a request arrived, when a shared call was
// sent (docs/cache-protocol.md §Fills and leases).
let now = 0;

export function tick(): number {
  return ++now;
}
