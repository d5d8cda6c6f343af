// Decides, from the seed alone, what happens to one attempt at one tool request (timing never changes it).
import { rngFor } from "./rng";
import type { ToolProfile } from "./tool-profiles";

export type Outcome = "success" | "transient" | "crash" | "poison" | "permanent";

export type Attempt = { outcome: Outcome; latencyMs: number };

/**
 * `redriven`: the request came back from a dead-letter queue. Its per-request fault (poison, permanent) is taken as
 * fixed — what an operator redrives after a fix — so a redrive in the demo can succeed; transient faults and crashes
 * still happen.
 */
export function decideAttempt(
  seed: number,
  tool: ToolProfile,
  requestId: string,
  delivery: number,
  redriven = false,
): Attempt {
  const perRequest = rngFor(seed, `request:${requestId}`);
  const poison = perRequest.next() < tool.failures.poison && !redriven;
  const permanent = !poison && perRequest.next() < tool.failures.permanent && !redriven;
  const perAttempt = rngFor(seed, `attempt:${requestId}:${delivery}`);
  const [min, max] = tool.latencyMs;
  const slow = tool.slow && perAttempt.next() < tool.slow.odds;
  const latencyMs = slow ? tool.slow!.ms : perAttempt.int(min, max);
  const roll = perAttempt.next();
  let outcome: Outcome = "success";
  if (poison) outcome = "poison";
  else if (permanent) outcome = "permanent";
  else if (roll < tool.failures.crash) outcome = "crash";
  else if (roll < tool.failures.crash + tool.failures.transient) outcome = "transient";
  return { outcome, latencyMs };
}
