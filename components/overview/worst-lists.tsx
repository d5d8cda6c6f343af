"use client";
// "Needs attention": the few worst streams and consumers by backlog, oldest waiting message and redeliveries.
import { RowLink } from "@/components/ui/row-link";
import { useLiveOverview } from "@/components/live/live-overview";
import { Card, CardHeader } from "@/components/ui/card";
import type { ConsumerRow, StreamRow } from "@/lib/dto/estate";
import { formatCount } from "@/lib/core/format";
import { Age } from "./age";

type Item = { key: string; href: string; name: string; on?: string; value: React.ReactNode };

function List({ title, items, empty, id }: { title: string; items: Item[]; empty: string; id: string }) {
  return (
    <div className="min-w-0" data-testid={`worst-${id}`}>
      <h3 className="px-4 pt-3 text-xs font-medium text-zinc-500 dark:text-zinc-400">{title}</h3>
      {items.length === 0 ? (
        <p className="px-4 py-2 text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ol className="px-4 py-1.5">
          {items.map((item) => (
            <li key={item.key} className="flex items-baseline justify-between gap-3 py-1 text-sm">
              <RowLink href={item.href} className="min-w-0 truncate font-mono text-xs hover:underline">
                {item.name}
                {item.on ? <span className="text-zinc-500 dark:text-zinc-400"> on {item.on}</span> : null}
              </RowLink>
              <span className="num shrink-0 font-medium">{item.value}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function WorstLists() {
  const { overview } = useLiveOverview();
  const env = overview.environment;
  const streamHref = (s: string) => `/${env}/streams/${encodeURIComponent(s)}`;
  const consumer = (c: ConsumerRow, value: React.ReactNode): Item => ({
    key: `${c.stream}/${c.name}`,
    href: `${streamHref(c.stream)}/consumers/${encodeURIComponent(c.name)}`,
    name: c.name,
    on: c.stream,
    value,
  });
  const stream = (s: StreamRow): Item => ({
    key: s.name,
    href: streamHref(s.name),
    name: s.name,
    value: `${formatCount(s.pending + s.ackPending)} msgs`,
  });
  const { worst } = overview;
  return (
    <Card>
      <CardHeader
        title="Needs attention"
        description="The worst streams and consumers right now; the full table is below."
      />
      <div className="grid divide-y divide-zinc-100 md:grid-cols-2 md:divide-y-0 lg:grid-cols-4 dark:divide-zinc-800">
        <List title="Streams by backlog" id="streams" items={worst.streams.map(stream)} empty="No backlog." />
        <List
          title="Consumers by backlog"
          id="backlog"
          items={worst.backlog.map((c) => consumer(c, `${formatCount(c.backlog)} msgs`))}
          empty="No backlog."
        />
        <List
          title="Oldest waiting message"
          id="oldest"
          items={worst.oldest.map((c) => consumer(c, <Age at={c.oldestAt} />))}
          empty="Nothing waiting."
        />
        <List
          title="Redelivered messages"
          id="redelivery"
          items={worst.redelivery.map((c) => consumer(c, formatCount(c.numRedelivered)))}
          empty="No redeliveries."
        />
      </div>
    </Card>
  );
}
