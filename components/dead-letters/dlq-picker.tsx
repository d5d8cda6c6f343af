// Which dead-letter stream to browse: Switchyard's own and those applications write.
import { RowLink } from "@/components/ui/row-link";
import type { DeadLetterStreamInfo } from "@/lib/dto/dead-letters";
import { formatCount } from "@/lib/core/format";

export function DlqPicker({
  environment,
  streams,
  current,
}: {
  environment: string;
  streams: DeadLetterStreamInfo[];
  current: string;
}) {
  return (
    <nav aria-label="Dead-letter streams" className="flex flex-wrap gap-2">
      {streams.map((s) => (
        <RowLink
          key={s.name}
          href={`/${environment}/dead-letters?dlq=${encodeURIComponent(s.name)}`}
          aria-current={s.name === current ? "page" : undefined}
          data-testid={`dlq-row-${s.name}`}
          className={`rounded-md border px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 ${
            s.name === current
              ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
              : "border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          }`}
        >
          <span className="font-semibold">{s.name}</span>
          <span className="num ml-2 text-xs opacity-80">
            {formatCount(s.messages)} {s.messages === 1 ? "entry" : "entries"}
          </span>
          <span className="ml-2 text-xs opacity-70">
            {s.own ? "captured by Switchyard" : "written by an application"}
          </span>
        </RowLink>
      ))}
    </nav>
  );
}
