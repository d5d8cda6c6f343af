// Path parameters of the dead-letter and redrive routes (shared by routes and pages).
import { z } from "zod";
import { envParams, streamName } from "./params";

export const entryParams = envParams.extend({
  dlq: streamName,
  seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export const jobParams = envParams.extend({
  id: z.string().regex(/^rd-[a-z0-9-]{1,60}$/, "must be a redrive job id"),
});

/** What an operator can do to a running or paused redrive job. */
export const jobActionSchema = z.enum(["cancel", "pause", "resume"]);
export type JobAction = z.infer<typeof jobActionSchema>;
