"use client";
// Previous / next through a server-paged list, with where the shown rows sit in it.
import { formatCount } from "@/lib/core/format";

const BUTTON =
  "rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 disabled:opacity-40 disabled:hover:bg-transparent dark:border-zinc-700 dark:hover:bg-zinc-800";

export function Pager({
  offset,
  shown,
  matched,
  total,
  page,
  pages,
  onPage,
  noun,
}: {
  offset: number;
  shown: number;
  matched: number;
  total: number;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  noun: string;
}) {
  return (
    <nav
      aria-label={`${noun} pages`}
      className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-300"
    >
      <span data-testid="pager-status" aria-live="polite">
        {matched === 0
          ? `No ${noun}`
          : `${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(matched)} ${noun}`}
        {matched !== total ? ` (filtered from ${formatCount(total)})` : ""}
      </span>
      {pages > 1 ? (
        <span className="flex items-center gap-2">
          <button type="button" className={BUTTON} disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous
          </button>
          <span className="num">
            page {formatCount(page)} of {formatCount(pages)}
          </span>
          <button type="button" className={BUTTON} disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next
          </button>
        </span>
      ) : null}
    </nav>
  );
}
