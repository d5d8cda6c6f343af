"use client";
// Filters of the tools list, kept in the URL (?q=&problems=1, with the sort) so a link reproduces the view.
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import type { ToolListQuery } from "@/lib/dto/tools";
import { toolListSearch } from "./tool-list-url";

const FIELD =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

export function ToolFilters({ query }: { query: ToolListQuery }) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(query.q ?? "");
  const apply = (next: Partial<ToolListQuery>) =>
    router.replace(`${pathname}${toolListSearch({ ...query, ...next })}`, { scroll: false });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        value={q}
        aria-label="Filter tools by name"
        placeholder="Filter by tool name"
        onChange={(event) => {
          setQ(event.target.value);
          apply({ q: event.target.value.trim() || undefined });
        }}
        className={`w-56 ${FIELD}`}
      />
      <label className="flex items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          checked={query.problems === "1"}
          onChange={(event) => apply({ problems: event.target.checked ? "1" : undefined })}
        />
        only tools with failures, duplicates or backlog
      </label>
    </div>
  );
}
