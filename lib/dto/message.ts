// Browser-safe shape of one stored message as shown to a user (payload masked unless revealed).
import { z } from "zod";
import { streamParams } from "./params";

export const messageParams = streamParams.extend({
  seq: z.coerce
    .number("must be a sequence number")
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(Number.MAX_SAFE_INTEGER, "is too large"),
});

export type MessageView = {
  stream: string;
  seq: number;
  subject: string;
  time: string;
  headers: Record<string, string[]>;
  /** utf8 text, or hex for binary payloads; `withheld`: a binary payload not shown unless revealed (empty text). */
  payload: { encoding: "utf8" | "hex"; text: string; bytes: number; truncated: boolean; withheld?: true };
  /**
   * How many values were masked (0 when revealed or nothing matched); `revealed` when an operator asked for
   * the original.
   */
  masking: { masked: number; revealed: boolean };
};
