"use client";
// The browse filters: applied on submit and kept in the URL, so a link hands the exact view to a colleague.
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { deadLetterReasonSchema, type DeadLetterFilter } from "@/lib/dto/dead-letters";
import { filterToSearch, hasFilter } from "@/lib/dto/dead-letter-query";
import type { FilterExamples } from "@/lib/dto/filter-examples";
import { Button, inputClass } from "./button";

/** Placeholders from the environment's own streams and consumers (lib/dto/filter-examples.ts). */
const fields = (
  examples: FilterExamples,
): { key: keyof DeadLetterFilter; label: string; placeholder: string; type?: string }[] => [
  { key: "subject", label: "Original subject", placeholder: examples.subjectPattern },
  { key: "stream", label: "Stream", placeholder: examples.stream },
  { key: "consumer", label: "Consumer", placeholder: examples.consumer },
  { key: "conversation", label: "Conversation id", placeholder: "a conversation id" },
  { key: "text", label: "Text in payload", placeholder: "timeout" },
  { key: "from", label: "From (UTC)", placeholder: "2026-11-26T10:00:00Z" },
  { key: "to", label: "To (UTC)", placeholder: "2026-11-26T12:00:00Z" },
];

export function FilterForm({
  filter,
  dlq,
  examples,
}: {
  filter: DeadLetterFilter;
  dlq: string;
  examples: FilterExamples;
}) {
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
        {fields(examples).map((field) => (
          <label
            key={field.key}
            className="flex min-w-0 flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400"
          >
            {field.label}
            <input
              name={field.key}
              value={draft[field.key] ?? ""}
              placeholder={field.placeholder}
              onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value || undefined })}
              className={`${inputClass} w-full min-w-0 font-mono`}
            />
          </label>
        ))}
        <label className="flex min-w-0 flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
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
            <option value="other">other (the application&apos;s own words)</option>
          </select>
        </label>
        <div className="col-span-2 flex flex-wrap items-end gap-2 md:col-span-4">
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
