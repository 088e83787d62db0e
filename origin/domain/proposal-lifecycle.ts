// A proposal's life after it is generated (docs/contract.md route 16):
// - it expires: a PENDING proposal is valid on its as_of_date and the next
//   PROPOSAL_TTL_BUSINESS_DAYS business days; after `expires_on` it reads as EXPIRED and can no
//   longer be reviewed (a signal is a view of one day's market, not a standing order);
// - it is not proposed twice: a draft is dropped when the same instrument and direction is
//   already PENDING (and not expired), or was REJECTED for the same as_of_date (the manager
//   has just said no to it);
// - a morning pack lists the proposals known and pending at its date: generated for a date on
//   or before it, created by the end of it, not expired on it and not yet reviewed on it.
import { addBusinessDays, saoPauloDate } from "./calendar.ts";
import type { Direction, IsoDate } from "./types.ts";

export const PROPOSAL_TTL_BUSINESS_DAYS = 1;

export type LifecycleStatus = "PENDING" | "APPROVED" | "REJECTED" | "MODIFIED" | "EXPIRED";

export interface ProposalLife {
  instrument: string;
  direction: Direction;
  status: LifecycleStatus;
  as_of_date: IsoDate;
  expires_on: IsoDate;
  created_at: string;
  reviewed_at: string | null;
}

/** The last date a proposal generated for `asOf` can be reviewed. */
export function expiresOn(asOf: IsoDate): IsoDate {
  return addBusinessDays(asOf, PROPOSAL_TTL_BUSINESS_DAYS);
}

/** The status as of `today`: a PENDING proposal past its expiry is EXPIRED. */
export function effectiveStatus(p: Pick<ProposalLife, "status" | "expires_on">, today: IsoDate): LifecycleStatus {
  return p.status === "PENDING" && p.expires_on < today ? "EXPIRED" : p.status;
}

/** Drafts that repeat no live or just-rejected proposal (existing: every stored proposal). */
export function withoutDuplicates<D extends Pick<ProposalLife, "instrument" | "direction" | "as_of_date">>(
  drafts: readonly D[],
  existing: readonly ProposalLife[],
): D[] {
  return drafts.filter(
    (d) =>
      !existing.some(
        (p) =>
          p.instrument === d.instrument &&
          p.direction === d.direction &&
          ((effectiveStatus(p, d.as_of_date) === "PENDING" && p.as_of_date <= d.as_of_date) ||
            (p.status === "REJECTED" && p.as_of_date === d.as_of_date)),
      ),
  );
}

/** Pending at the end of `date` as far as anyone knew on that date (the morning pack's list). */
export function pendingKnownAt(p: ProposalLife, date: IsoDate): boolean {
  if (p.as_of_date > date || saoPauloDate(new Date(p.created_at)) > date) return false;
  if (p.expires_on < date) return false;
  return p.reviewed_at === null || saoPauloDate(new Date(p.reviewed_at)) > date;
}
