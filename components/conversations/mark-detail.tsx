"use client";
import { IntentLink } from "@/components/ui/intent-link";
import { ScrollBox } from "@/components/ui/scroll-box";
import type { TraceMark } from "@/lib/dto/traces";
import { formatBytes, formatUtc } from "@/lib/core/format";

/**
 * Headers and payload of one message, always as text (never HTML), masked by the server; traceparent with the
 * configured link. The stored message opens in its stream, where an operator can reveal it (audited).
 */
export function MarkDetail({
  environment,
  mark,
  traceLink,
}: {
  environment: string;
  mark: TraceMark | null;
  traceLink: string | null;
}) {
  if (!mark)
    return (
      <p className="px-4 py-6 text-sm text-zinc-500">
        Select a message in the timeline or the list to see its headers and payload.
      </p>
    );
  return (
    <div className="space-y-3 px-4 py-3 text-sm" data-testid="mark-detail">
      <div>
        <p className="font-semibold">{mark.label}</p>
        <p className="font-mono text-xs text-zinc-600 dark:text-zinc-300">{mark.subject}</p>
        <p className="num text-xs text-zinc-500">
          {mark.stream} #{mark.seq} · {formatBytes(mark.size)} · {formatUtc(mark.time)} ({mark.time})
        </p>
        {mark.source === "stream" ? (
          <IntentLink
            href={`/${encodeURIComponent(environment)}/streams/${encodeURIComponent(mark.stream)}?seq=${mark.seq}`}
            className="text-xs text-sky-700 underline dark:text-sky-400"
          >
            Open in {mark.stream} (masked; operators can reveal it there, audited)
          </IntentLink>
        ) : null}
      </div>
      <table className="w-full text-xs">
        <caption className="pb-1 text-left font-medium text-zinc-500">Headers</caption>
        <tbody>
          {mark.headers.map(([name, value], i) => (
            <tr key={`${name}-${i}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 text-left font-mono font-medium">
                {name}
              </th>
              <td className="py-1 font-mono break-all">
                {value}
                {name.toLowerCase() === "traceparent" && traceLink ? (
                  <a
                    href={traceLink}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="ml-2 text-sky-700 underline dark:text-sky-400"
                  >
                    open trace
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <p className="pb-1 text-xs font-medium text-zinc-500">
          Payload{" "}
          {mark.payload.kind === "missing"
            ? ""
            : `(${mark.payload.kind}${mark.payload.truncated ? ", truncated" : ""})`}
        </p>
        {mark.payload.kind === "missing" ? (
          <p className="text-xs text-zinc-500">
            No longer stored in {mark.stream} (a work queue removes a message once acked, or limits aged it
            out); the headers above come from the index.
          </p>
        ) : (
          <ScrollBox label="Payload" className="max-h-80 overflow-auto rounded bg-zinc-50 dark:bg-zinc-950">
            <pre className="p-2 font-mono text-xs break-all whitespace-pre-wrap" data-testid="payload">
              {mark.payload.text}
            </pre>
          </ScrollBox>
        )}
      </div>
    </div>
  );
}
