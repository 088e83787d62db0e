// The emergency stop: persisted, so it survives restarts. While active, opens, approvals and
// modify-approvals answer 409 (position-commands.assertTradingAllowed); closes stay allowed so
// risk can still be cut.
import type { DataContext } from "../http/data.ts";
import { conflict } from "../http/errors.ts";
import { appendJournal } from "./journal-service.ts";

export function activateEmergencyStop(d: DataContext, reason: string) {
  const current = d.repos.state.emergencyStop();
  if (current.active) throw conflict(`emergency stop already active since ${current.activated_at}`);
  const stop = { ...current, active: true, reason, activated_by: d.actor.user, activated_at: d.at };
  d.repos.state.saveEmergencyStop(stop);
  appendJournal(d, { entry_type: "SYSTEM_EVENT", system_notes: `Emergency stop activated: ${reason}` });
  return {
    status: "emergency_stop_activated" as const,
    reason,
    activated_by: d.actor.user,
    data: {
      stop_active: true,
      proposals_frozen: true,
      activated_at: d.at,
      pending_proposals: d.repos.proposals.list({ status: "PENDING" }, d.today).length,
    },
  };
}

export function resetEmergencyStop(d: DataContext) {
  const current = d.repos.state.emergencyStop();
  if (current.active) {
    d.repos.state.saveEmergencyStop({ ...current, active: false, reset_by: d.actor.user, reset_at: d.at });
    appendJournal(d, { entry_type: "SYSTEM_EVENT", system_notes: `Emergency stop reset (was: ${current.reason})` });
  }
  return {
    status: "ok" as const,
    data: {
      reset: current.active,
      timestamp: d.at,
      manager: d.actor.user,
      proposals_frozen: false,
      stop_active: false,
    },
  };
}
