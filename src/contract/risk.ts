// Risk monitor routes (#25–#29 of docs/contract.md).
import * as z from "zod";
import { text } from "./primitives.ts";

/** POST /risk/emergency-stop: the confirmation must be given explicitly. */
export const EmergencyStopBody = z.object({
  reason: text(1),
  manager_confirmation: z.literal(true, { message: "must be true to confirm the emergency stop" }),
});
