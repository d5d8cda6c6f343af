// Parses the consumer advisories Switchyard keeps (nats-server's JSON, validated with zod).
import { z } from "zod";

const base = {
  id: z.string(),
  timestamp: z.string(),
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number().int().nonnegative(),
  deliveries: z.number().int().nonnegative(),
};

export const advisorySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("io.nats.jetstream.advisory.v1.max_deliver"), ...base }),
  z.object({
    type: z.literal("io.nats.jetstream.advisory.v1.terminated"),
    ...base,
    consumer_seq: z.number().int().optional(),
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal("io.nats.jetstream.advisory.v1.nak"),
    ...base,
    consumer_seq: z.number().int().optional(),
  }),
]);

export type Advisory = z.infer<typeof advisorySchema>;
export type AdvisoryKind = "max_deliveries" | "terminated" | "naked";

export function advisoryKind(advisory: Advisory): AdvisoryKind {
  switch (advisory.type) {
    case "io.nats.jetstream.advisory.v1.max_deliver":
      return "max_deliveries";
    case "io.nats.jetstream.advisory.v1.terminated":
      return "terminated";
    case "io.nats.jetstream.advisory.v1.nak":
      return "naked";
  }
}

/** Parses an advisory body; undefined for anything that is not one of the three kinds above. */
export function parseAdvisory(body: string): Advisory | undefined {
  try {
    const parsed = advisorySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
