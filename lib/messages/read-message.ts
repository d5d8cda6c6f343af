// Reads one stored message by sequence (no consuming) and turns it into a masked, browser-safe view.
import "server-only";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { MessageView } from "@/lib/dto/message";
import { AppError } from "@/lib/core/errors";
import { discloseMessage, MASKED, type Disclosure } from "@/lib/masking/for-actor";
import { toAppError } from "@/lib/nats/errors";
import { environmentConnection } from "@/lib/nats/registry";

/** Payloads above this are cut for display; the view says so. */
export const MAX_SHOWN_BYTES = 256 * 1024;

function decode(data: Uint8Array): { encoding: "utf8" | "hex"; text: string; truncated: boolean } {
  const shown = data.subarray(0, MAX_SHOWN_BYTES);
  const truncated = data.length > MAX_SHOWN_BYTES;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(shown);
    // Control characters other than whitespace mean binary: show hex rather than garbage.
    if (![...text].some((c) => c.charCodeAt(0) < 0x20 && !"\t\n\r\f\v".includes(c)))
      return { encoding: "utf8", text, truncated };
  } catch {
    // not UTF-8
  }
  return { encoding: "hex", text: Buffer.from(shown).toString("hex"), truncated };
}

function headerPairs(header: Iterable<[string, string[]]> | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, values] of header ?? []) for (const value of values) pairs.push([name, value]);
  return pairs;
}

/** Masked unless `disclosure` is an audited reveal (lib/audit/audited-reveal.ts). */
export async function readMessage(
  environment: string,
  stream: string,
  seq: number,
  disclosure: Disclosure = MASKED,
): Promise<MessageView> {
  const jsm = await environmentConnection(environment).manager();
  let message;
  try {
    message = await jsm.streams.getMessage(stream, { seq });
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.NoMessageFound) {
      throw new AppError("not_found", `stream ${JSON.stringify(stream)} has no message ${seq}`);
    }
    throw toAppError(error, { stream });
  }
  if (!message) throw new AppError("not_found", `stream ${JSON.stringify(stream)} has no message ${seq}`);
  const view = discloseMessage({ data: message.data, headers: headerPairs(message.header) }, disclosure);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of view.headers) (headers[name] ??= []).push(value);
  const payload =
    view.data === null ? { encoding: "hex" as const, text: "", truncated: false } : decode(view.data);
  return {
    stream,
    seq: message.seq,
    subject: message.subject,
    time: message.time.toISOString(),
    headers,
    payload: {
      encoding: payload.encoding,
      text: payload.text,
      bytes: message.data.length,
      truncated: payload.truncated,
      ...(view.withheld ? { withheld: true as const } : {}),
    },
    masking: { masked: view.masked, revealed: view.revealed },
  };
}
