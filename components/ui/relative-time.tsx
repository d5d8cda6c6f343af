"use client";
import { formatAgo, formatUtc } from "@/lib/format";
import { useNow } from "@/components/live/use-now";

/** "3 min ago", with the absolute UTC time on hover. */
export function RelativeTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  const now = useNow();
  if (!iso) return <span className={className}>never</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className} suppressHydrationWarning>
      {formatAgo(iso, now)}
    </time>
  );
}
