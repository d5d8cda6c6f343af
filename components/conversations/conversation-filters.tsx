"use client";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useNavigatingSelect } from "@/components/ui/use-navigating-select";
import type { ConversationListQuery } from "@/lib/dto/traces";

const FIELD =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

/**
 * Filters of the conversations list, kept in the URL (?q=&status=&stuck=1&stuckAfter=) so a link reproduces
 * the view.
 */
export function ConversationFilters({
  query,
  defaultStuckAfter,
}: {
  query: ConversationListQuery;
  defaultStuckAfter: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(query.q ?? "");
  // Every filter but `limit` (the page size is not a filter) is kept in the URL as a string.
  const apply = (
    next: Partial<Record<Exclude<keyof ConversationListQuery, "limit">, string | undefined>>,
  ) => {
    const merged = {
      q: query.q,
      status: query.status,
      stuck: query.stuck,
      stuckAfter: query.stuckAfter?.toString(),
      ...next,
    };
    const params = new URLSearchParams(
      Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])),
    );
    const search = params.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };
  const statusSelect = useNavigatingSelect(
    (status) => apply({ status: status || undefined }),
    query.status ?? "",
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        value={q}
        aria-label="Search conversations by id"
        placeholder="Search by conversation id"
        onChange={(event) => {
          setQ(event.target.value);
          apply({ q: event.target.value.trim() || undefined });
        }}
        className={`w-64 ${FIELD}`}
      />
      <select
        aria-label="Status"
        key={query.status ?? ""}
        defaultValue={query.status ?? ""}
        {...statusSelect}
        className={FIELD}
      >
        <option value="">any status</option>
        <option value="done">done</option>
        <option value="waiting">waiting</option>
        <option value="failed">failed</option>
        <option value="dlq">in DLQ</option>
        <option value="redriven">redriven</option>
      </select>
      <label className="flex items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          checked={query.stuck === "1"}
          onChange={(event) => apply({ stuck: event.target.checked ? "1" : undefined })}
        />
        stuck longer than
      </label>
      <input
        type="number"
        min={1}
        aria-label="Stuck threshold in seconds"
        defaultValue={query.stuckAfter ?? defaultStuckAfter}
        onBlur={(event) =>
          apply({
            stuckAfter:
              event.target.value && Number(event.target.value) !== defaultStuckAfter
                ? event.target.value
                : undefined,
          })
        }
        className={`w-20 ${FIELD}`}
      />
      <span className="text-sm text-zinc-500">s</span>
    </div>
  );
}
