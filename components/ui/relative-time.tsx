"use client";
import { formatAgo, formatDuration, formatUtc } from "@/lib/core/format";
import { useNow } from "@/components/live/use-now";

/** "3 min ago" (or, as a duration, "for 3 min"), with the absolute UTC time on hover. */
export function RelativeTime({
  iso,
  className,
  duration = false,
}: {
  iso: string | null | undefined;
  className?: string;
  duration?: boolean;
}) {
  const now = useNow();
  if (!iso) return <span className={className}>never</span>;
  const text = duration
    ? `for ${formatDuration(Math.max(0, (now - Date.parse(iso)) / 1000))}`
    : formatAgo(iso, now);
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
