"use client";
// Notification channels (URLs masked: their secrets stay on the server) and what was sent to each, newest first.
import { RowLink } from "@/components/ui/row-link";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DeliveryLog, DeliveryResult } from "@/lib/dto/incidents";
import { ScrollBox } from "@/components/ui/scroll-box";
import { formatCount } from "@/lib/core/format";

const RESULT_TONE: Record<DeliveryResult, Tone> = {
  delivered: "good",
  failed: "bad",
  silenced: "neutral",
  skipped: "neutral",
};

export function DeliveriesCard({ env }: { env: string }) {
  const { overview } = useLiveOverview();
  const { data, error } = useRefreshingJson<DeliveryLog>(apiPaths.notifications(env), overview.poll.polledAt);
  const channels = data?.channels ?? [];
  return (
    <Card>
      <CardHeader
        title="Notifications"
        description={
          channels.length === 0
            ? "No channels configured: add alerts.channels to the config file (README, Alerts)."
            : channels.map((c) => `${c.name} (${c.type}, ${c.maskedUrl})`).join(" · ")
        }
      />
      {error ? <p className="px-4 py-2 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {data && data.entries.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Nothing sent yet.</p>
      ) : (
        <ScrollBox label="Notification deliveries" className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="deliveries">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="px-4 py-2 font-medium">When</th>
                <th className="px-2 py-2 font-medium">Channel</th>
                <th className="px-2 py-2 font-medium">Incident</th>
                <th className="px-2 py-2 font-medium">Event</th>
                <th className="px-2 py-2 font-medium">Result</th>
                <th className="px-2 py-2 font-medium">Attempt</th>
                <th className="px-4 py-2 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {(data?.entries ?? []).slice(0, 50).map((e) => (
                <tr key={`${e.channel}:${e.incidentId}:${e.eventSeq}:${e.attempt}:${e.at}`}>
                  <td className="px-4 py-1.5 text-xs whitespace-nowrap text-zinc-500">
                    <RelativeTime iso={e.at} />
                  </td>
                  <td className="px-2 py-1.5">{e.channel}</td>
                  <td className="px-2 py-1.5 text-xs">
                    <RowLink
                      href={`/${env}/incidents/${encodeURIComponent(e.incidentId)}`}
                      className="text-sky-700 hover:underline dark:text-sky-400"
                    >
                      {e.incidentId}
                    </RowLink>
                    {e.digestOf && e.digestOf > 1 ? (
                      <span className="text-zinc-500"> and {formatCount(e.digestOf - 1)} more</span>
                    ) : null}
                  </td>
                  <td className="px-2 py-1.5">
                    {e.digestOf ? (
                      <>
                        digest{" "}
                        <span className="text-xs text-zinc-500">of {formatCount(e.digestOf)} events</span>
                      </>
                    ) : (
                      <>
                        {e.event} <span className="text-xs text-zinc-500">#{e.eventSeq}</span>
                      </>
                    )}
                  </td>
                  <td className="px-2 py-1.5">
                    <Badge tone={RESULT_TONE[e.result]}>{e.result}</Badge>
                  </td>
                  <td className="num px-2 py-1.5">{e.attempt}</td>
                  <td className="px-4 py-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                    {e.error ?? (e.status ? `HTTP ${e.status} in ${e.durationMs} ms` : "")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </Card>
  );
}
