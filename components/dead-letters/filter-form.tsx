"use client";
// The browse filters: applied on submit and kept in the URL, so a link hands the exact view to a colleague.
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { deadLetterReasonSchema, type DeadLetterFilter } from "@/lib/dto/dead-letters";
import { filterToSearch, hasFilter } from "@/lib/dto/dead-letter-query";
import { Button, inputClass } from "./button";

const FIELDS: { key: keyof DeadLetterFilter; label: string; placeholder: string; type?: string }[] = [
  { key: "subject", label: "Original subject", placeholder: "tools.execute.*" },
  { key: "stream", label: "Stream", placeholder: "TOOL_REQUESTS" },
  { key: "consumer", label: "Consumer", placeholder: "worker-crm_lookup" },
  { key: "conversation", label: "Conversation id", placeholder: "conv-…" },
  { key: "text", label: "Text in payload", placeholder: "timeout" },
  { key: "from", label: "From (UTC)", placeholder: "2026-11-26T10:00:00Z" },
  { key: "to", label: "To (UTC)", placeholder: "2026-11-26T12:00:00Z" },
];

export function FilterForm({ filter, dlq }: { filter: DeadLetterFilter; dlq: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [draft, setDraft] = useState<DeadLetterFilter>(filter);
  const apply = (next: DeadLetterFilter) => router.push(`${pathname}${filterToSearch(next, { dlq })}`);
  return (
    <search aria-label="Filter dead letters">
      <form
        className="grid grid-cols-2 gap-3 p-4 md:grid-cols-4"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        {FIELDS.map((field) => (
          <label key={field.key} className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            {field.label}
            <input
              name={field.key}
              value={draft[field.key] ?? ""}
              placeholder={field.placeholder}
              onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value || undefined })}
              className={`${inputClass} font-mono`}
            />
          </label>
        ))}
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Reason
          <select
            name="reason"
            value={draft.reason ?? ""}
            onChange={(e) =>
              setDraft({ ...draft, reason: deadLetterReasonSchema.safeParse(e.target.value).data })
            }
            className={inputClass}
          >
            <option value="">any</option>
            <option value="max_deliveries">max deliveries</option>
            <option value="terminated">terminated</option>
          </select>
        </label>
        <div className="col-span-2 flex items-end gap-2 md:col-span-4">
          <Button type="submit" tone="primary">
            Apply filters
          </Button>
          {hasFilter(filter) ? (
            <Button
              onClick={() => {
                setDraft({});
                apply({});
              }}
            >
              Clear
            </Button>
          ) : null}
          <span className="text-xs text-zinc-500">
            Subjects take NATS wildcards (* one token, &gt; the rest). Text search scans payloads, capped per
            page.
          </span>
        </div>
      </form>
    </search>
  );
}
