"use client";
// A payload as pretty JSON, text or hex: always rendered as text, never as HTML; large ones truncated with a download.
import { useMemo, useState } from "react";
import { payloadViews } from "@/lib/dto/payload-format";
import { ScrollBox } from "@/components/ui/scroll-box";
import { formatBytes } from "@/lib/core/format";

type View = "json" | "text" | "hex";

export function PayloadView({
  payloadBase64,
  size,
  truncated,
  downloadUrl,
  onDownload,
  withheld = false,
}: {
  payloadBase64: string;
  size: number;
  truncated: boolean;
  downloadUrl: string;
  /** Replaces the download link (a revealed payload is fetched by an audited POST). */
  onDownload?: () => void;
  /** A binary payload masking cannot look inside: not shown unless revealed. */
  withheld?: boolean;
}) {
  const views = useMemo(
    () => payloadViews(Uint8Array.from(atob(payloadBase64), (c) => c.charCodeAt(0))),
    [payloadBase64],
  );
  const available: View[] = [
    ...(views.json !== null ? (["json"] as const) : []),
    ...(views.text !== null ? (["text"] as const) : []),
    "hex",
  ];
  const [view, setView] = useState<View>(available[0]!);
  const body = view === "json" ? views.json : view === "text" ? views.text : views.hex;
  return (
    <div>
      <div className="flex items-center gap-1 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        {/* A format switch, not tabs: toggle buttons, so the download link beside it is not inside a tablist. */}
        <fieldset className="flex gap-1">
          <legend className="sr-only">Payload format</legend>
          {available.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`rounded px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-sky-500 ${view === v ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
            >
              {v === "json" ? "JSON" : v === "text" ? "Text" : "Hex"}
            </button>
          ))}
        </fieldset>
        <span className="num ml-auto text-xs text-zinc-500">{formatBytes(size)}</span>
        {withheld ? null : onDownload ? (
          <button type="button" onClick={onDownload} className="text-xs underline-offset-2 hover:underline">
            Download original
          </button>
        ) : (
          <a href={downloadUrl} className="text-xs underline-offset-2 hover:underline" download>
            Download
          </a>
        )}
      </div>
      {truncated ? (
        <p className="px-4 pt-2 text-xs text-amber-800 dark:text-amber-300">
          Showing the first {formatBytes(Math.floor((payloadBase64.length * 3) / 4))} of {formatBytes(size)};
          download for all of it.
        </p>
      ) : null}
      {withheld ? (
        <p className="px-4 py-3 text-sm text-zinc-500">
          Binary payload withheld: masking cannot look inside it. An operator can reveal it.
        </p>
      ) : size === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Empty payload.</p>
      ) : (
        <ScrollBox label="Payload" className="max-h-[32rem] overflow-auto">
          <pre data-testid="payload" className="px-4 py-3 font-mono text-xs break-all whitespace-pre-wrap">
            {body}
          </pre>
        </ScrollBox>
      )}
    </div>
  );
}
