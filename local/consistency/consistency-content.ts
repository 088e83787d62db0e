// The content side of the consistency checker: what a write changed (a price it set, a position
// it opened or closed, a pack it generated) and the matching facts read back from a tier's body.
// Versions can be raised by the edge's floor without the payload changing, so these checks look
// at the payload itself: a read that started after the write was acknowledged must show it.
//
// Monotone by construction: the price writer is the only writer of the watched instrument's
// price and raises it strictly; pack ids are AUTOINCREMENT, so a regenerated pack always has a
// larger id; a position id is opened once and closed once.
//
// /risk/live and /attribution have no such content check: their figures (NAV, VaR, P&L) move
// with every writer at once (opens, closes, transaction costs, prices), in no fixed direction, so
// no field is monotone under the mixed writers. Those tiers are covered by the computed-version
// oracle.

export interface WriteEffect {
  /** The watched instrument's price this write set. */
  price?: number;
  /** Id of the position this write opened. */
  opened?: number;
  /** Id of the position this write closed. */
  closed?: number;
  /** Id of the morning pack this write generated. */
  packId?: number;
}

export interface ReadContent {
  /** /book: the lowest current_price among the watched instrument's open positions (null: none open). */
  price?: number | null;
  /** /book: ids of the open positions. */
  openIds?: number[];
  /** /morning-pack/latest: the pack's id. */
  packId?: number;
}

/** Whether a read path's body is parsed for content (the others are discarded unread). */
export function hasContent(path: string): boolean {
  const pathname = path.split("?")[0]!;
  return pathname === "/api/v1/pms/book" || pathname === "/api/v1/pms/morning-pack/latest";
}

interface BookPosition {
  id: number;
  instrument: string;
  current_price: number | null;
}

/** The content facts of a 2xx body; undefined when the body is not one the checker understands. */
export function contentOf(path: string, body: unknown, watchedInstrument: string | undefined): ReadContent | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const pathname = path.split("?")[0]!;
  if (pathname === "/api/v1/pms/morning-pack/latest") {
    const id = (body as { id?: unknown }).id;
    return typeof id === "number" ? { packId: id } : undefined;
  }
  if (pathname === "/api/v1/pms/book") {
    const positions = (body as { positions?: unknown }).positions;
    if (!Array.isArray(positions)) return undefined;
    const open = positions as BookPosition[];
    const watched = open.filter((p) => p.instrument === watchedInstrument && typeof p.current_price === "number");
    return {
      openIds: open.map((p) => p.id),
      price: watched.length ? Math.min(...watched.map((p) => p.current_price!)) : null,
    };
  }
  return undefined;
}
