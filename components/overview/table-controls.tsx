"use client";
// The streams table's controls: the filter and the sort order. Each changes the page URL in place (history API, no
// server render) at once; the table fetches the new rows and its live view follows.
import { useState } from "react";
import { STREAM_SORTS, type StreamSort } from "@/lib/dto/estate";

const SORT_LABEL: Record<StreamSort, string> = {
  name: "Name",
  backlog: "Backlog (worst first)",
  oldest: "Oldest waiting",
  redelivered: "Redelivered",
  messages: "Stored messages",
  rate: "In-rate",
};

const INPUT =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

export function StreamFilter({ value, onChange }: { value: string; onChange: (filter: string) => void }) {
  // The typed text (spaces included) stays in the box; the table gets it trimmed.
  const [draft, setDraft] = useState(value);
  return (
    <input
      type="search"
      value={draft}
      aria-label="Filter streams by name or subject"
      placeholder="Filter by stream or subject"
      onChange={(event) => {
        const next = event.target.value;
        setDraft(next);
        if (next.trim() !== value) onChange(next.trim());
      }}
      className={`w-full placeholder:text-zinc-500 sm:w-64 ${INPUT}`}
    />
  );
}

export function SortSelect({ value, onChange }: { value: StreamSort; onChange: (sort: StreamSort) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
      Sort
      <select
        value={value}
        onChange={(event) => onChange(event.target.value as StreamSort)}
        className={INPUT}
        aria-label="Sort streams by"
      >
        {STREAM_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABEL[sort]}
          </option>
        ))}
      </select>
    </label>
  );
}
