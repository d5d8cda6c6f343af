// Matches a dead-letter entry against the browse filters that are not subject filters (text: over the masked payload).
import type { DeadLetterEntry, DeadLetterFilter, DeadLetterReason } from "@/lib/dto/dead-letters";
import { subjectMatches } from "@/lib/core/subjects";
import { searchableText } from "@/lib/masking/for-actor";

/**
 * The kind of a reason, for the filter and the summary. Entries written by applications carry free text
 * ("db_write: primary unavailable after 3 attempts"): shown as written, grouped as "other" unless it says max
 * deliveries or terminated.
 */
export function reasonKind(reason: string | null): DeadLetterReason {
  const text = reason ?? "";
  if (/^max[ _-]?deliver/i.test(text)) return "max_deliveries";
  if (/^(terminated|term)\b/i.test(text)) return "terminated";
  return "other";
}

/** Filters the server cannot apply as a subject filter on this stream. */
export function entryMatches(
  entry: DeadLetterEntry,
  data: Uint8Array | undefined,
  filter: DeadLetterFilter,
  subjectFiltered: boolean,
): boolean {
  if (!subjectFiltered) {
    if (filter.subject && !(entry.origin.subject && subjectMatches(filter.subject, entry.origin.subject)))
      return false;
    if (filter.stream && entry.origin.stream !== filter.stream) return false;
    if (filter.consumer && entry.origin.consumer !== filter.consumer) return false;
    if (filter.reason && reasonKind(entry.origin.reason) !== filter.reason) return false;
  }
  if (filter.to && Date.parse(entry.time) > Date.parse(filter.to)) return false;
  if (filter.from && Date.parse(entry.time) < Date.parse(filter.from)) return false;
  if (filter.conversation && entry.conversationId !== filter.conversation) return false;
  // The masked text, for every role: a search must not confirm what masking hides (docs/architecture.md §12).
  if (filter.text && !(data && searchableText(data)?.toLowerCase().includes(filter.text.toLowerCase())))
    return false;
  return true;
}

export function needsPayload(filter: DeadLetterFilter): boolean {
  return Boolean(filter.text || filter.conversation);
}

export function needsScan(filter: DeadLetterFilter, subjectFiltered: boolean): boolean {
  return Boolean(
    filter.text ||
    filter.conversation ||
    filter.from ||
    filter.to ||
    (!subjectFiltered && (filter.subject || filter.stream || filter.consumer || filter.reason)),
  );
}
