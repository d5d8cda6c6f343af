"use client";
// After a poll in which the DLQ stream changed, the first page is read again: entries newer than the newest shown are
// announced (not inserted), and shown entries no longer there (redriven, discarded) drop out.
import { useEffect, useRef, useState } from "react";
import { useStreamPollKey } from "@/components/freshness/use-poll-key";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DeadLetterFilter, DeadLetterPage } from "@/lib/dto/dead-letters";

const PAGE = 50;
const NOTHING = { fresh: { count: 0, capped: false }, gone: new Set<number>() };

export function useFreshPage(
  environment: string,
  page: DeadLetterPage,
  filter: DeadLetterFilter,
  isFirstPage: boolean,
): { fresh: { count: number; capped: boolean }; gone: Set<number> } {
  const poll = useStreamPollKey(page.dlqStream);
  // Which page a read was compared against: after "show" (a refresh) the page is new and an older read says nothing.
  const [read, setRead] = useState<{ page: DeadLetterPage; data: DeadLetterPage }>();
  const active = isFirstPage && poll.changed;
  // What is shown now, for the read a poll starts (a refresh alone does not start one).
  const shown = useRef({ page, filter });
  useEffect(() => {
    shown.current = { page, filter };
  }, [page, filter]);
  const dlq = page.dlqStream;
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const at = shown.current;
    const url = apiPaths.deadLetters(environment, at.filter, { dlq, limit: PAGE });
    void apiGet<DeadLetterPage>(url, { signal: controller.signal }).then((result) => {
      if (!controller.signal.aborted && result.ok) setRead({ page: at.page, data: result.data });
    });
    return () => controller.abort();
    // A new poll key means: read again.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [active, poll.key, environment, dlq]);
  if (!read || read.page !== page || read.data.dlqStream !== page.dlqStream) return NOTHING;
  const { data } = read;
  const newest = page.entries[0]?.seq ?? 0;
  const count = data.entries.filter((e) => e.seq > newest).length;
  const present = new Set(data.entries.map((e) => e.seq));
  // Older than the fresh page's oldest may just have been pushed off it by new entries.
  const oldest = data.nextCursor ? (data.entries.at(-1)?.seq ?? 0) : 0;
  const gone = new Set(page.entries.filter((e) => e.seq >= oldest && !present.has(e.seq)).map((e) => e.seq));
  return { fresh: { count, capped: count === data.entries.length && data.nextCursor !== null }, gone };
}
