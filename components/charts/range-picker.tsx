import { IntentLink } from "@/components/ui/intent-link";
import { RANGES, type RangeName } from "@/lib/dto/series";

/** Range links (15 m … 7 d) that keep the choice in the URL. */
export function RangePicker({ current, basePath }: { current: RangeName; basePath: string }) {
  return (
    <nav
      aria-label="Time range"
      className="inline-flex overflow-hidden rounded-md border border-zinc-300 text-xs dark:border-zinc-700"
    >
      {(Object.keys(RANGES) as RangeName[]).map((range) => (
        <IntentLink
          key={range}
          href={`${basePath}?range=${range}`}
          scroll={false}
          aria-current={range === current ? "true" : undefined}
          className={`px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-sky-500 ${range === current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
        >
          {range}
        </IntentLink>
      ))}
    </nav>
  );
}

/** The "History" heading with its range links, above a page's charts. */
export function HistoryHeader({ range, basePath }: { range: RangeName; basePath: string }) {
  return (
    <div className="flex items-center justify-between">
      <h2 className="text-sm font-semibold">History</h2>
      <RangePicker current={range} basePath={basePath} />
    </div>
  );
}
