// One tab's view of the latest poll: the page of rows, the stream, or the consumer it shows — bounded by the view.
import type { Finding } from "@/lib/dto/findings";
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { LiveViewData, LiveViewQuery, StreamView } from "@/lib/dto/live-view";
import { VIEW_FINDINGS } from "@/lib/dto/live-view";
import type { Overview } from "@/lib/dto/overview";
import { paged, streamPage } from "./estate-views";

function findingsOf(overview: Overview, stream: string, consumer?: string): Finding[] {
  return overview.findings
    .filter((f) => f.where.stream === stream && (!consumer || f.where.consumer === consumer))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .slice(0, VIEW_FINDINGS);
}

/** The stream with only the requested page of its consumers (by name, filtered by name or subject). */
export function streamView(overview: Overview, query: LiveViewQuery): StreamView {
  const stream = overview.streams.find((s) => s.name === query.stream) ?? null;
  const needle = query.filter.toLowerCase();
  const all = stream?.consumers ?? [];
  const matching = needle
    ? all.filter(
        (c) =>
          c.name.toLowerCase().includes(needle) ||
          c.filterSubjects.some((f) => f.toLowerCase().includes(needle)),
      )
    : all;
  const { items, ...consumers } = paged(matching, query, all.length, overview.poll.polledAt);
  return {
    stream: stream ? { ...stream, consumers: items } : null,
    consumers,
    findings: findingsOf(overview, query.stream ?? ""),
  };
}

export function liveView(overview: Overview, query: LiveViewQuery): LiveViewData {
  switch (query.view) {
    case "streams":
      return streamPage(overview, query);
    case "stream":
      return streamView(overview, query);
    case "consumer": {
      const stream = overview.streams.find((s) => s.name === query.stream);
      return {
        consumer: stream?.consumers.find((c) => c.name === query.consumer) ?? null,
        findings: findingsOf(overview, query.stream ?? "", query.consumer),
      };
    }
    default:
      return null;
  }
}
