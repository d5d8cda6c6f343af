"use client";
// One incident: what is wrong and where, since when, who is on it, what to check next, its symptoms and timeline.
import { IntentLink } from "@/components/ui/intent-link";
import { useState } from "react";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatUtc } from "@/lib/core/format";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Incident } from "@/lib/dto/incidents";
import { AcknowledgeButton } from "./acknowledge-button";
import { IncidentTimeline } from "./incident-timeline";
import { SEVERITY_TONE } from "./severity";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export function IncidentDetail({ env, initial }: { env: string; initial: Incident }) {
  const { overview } = useLiveOverview();
  const { data } = useRefreshingJson<Incident>(apiPaths.incident(env, initial.id), overview.poll.polledAt);
  // Just acknowledged here: show it until a refresh includes the acknowledgement.
  const [acked, setAcked] = useState<Incident>();
  const i = acked && !data?.acknowledged ? acked : (data ?? initial);
  const resolved = i.state === "resolved";
  const consumerHref =
    i.where.stream && i.where.consumer
      ? `/${env}/streams/${encodeURIComponent(i.where.stream)}/consumers/${encodeURIComponent(i.where.consumer)}`
      : i.where.stream
        ? `/${env}/streams/${encodeURIComponent(i.where.stream)}`
        : null;
  return (
    <div className="space-y-4" data-testid="incident-detail" data-state={i.state}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="mb-1 flex items-center gap-2">
            {resolved ? (
              <Badge tone="good">resolved</Badge>
            ) : (
              <Badge tone={SEVERITY_TONE[i.severity]}>{i.severity}</Badge>
            )}
            <span className="text-xs text-zinc-500">Incident {i.id}</span>
          </div>
          <h1 className="text-lg font-semibold break-words" data-testid="incident-heading">
            {i.title}
          </h1>
        </div>
        <AcknowledgeButton env={env} incident={i} onDone={setAcked} />
      </div>
      <Card>
        <dl className="grid grid-cols-2 gap-4 px-4 py-3 sm:grid-cols-4">
          <Field label="Started (first symptom)">
            <span data-testid="incident-start" data-iso={i.startedAt} title={formatUtc(i.startedAt)}>
              <RelativeTime iso={i.startedAt} />
            </span>
          </Field>
          <Field label="Detected">
            <RelativeTime iso={i.detectedAt} />
          </Field>
          <Field label={resolved ? "Resolved" : "Resolves"}>
            {resolved ? (
              <RelativeTime iso={i.resolvedAt} />
            ) : (
              `after ${i.settleSeconds} s with every symptom clear`
            )}
          </Field>
          <Field label="Acknowledged">
            {i.acknowledged ? (
              <span data-testid="incident-acknowledged">
                by {i.acknowledged.by}, <RelativeTime iso={i.acknowledged.at} />
              </span>
            ) : (
              "no"
            )}
          </Field>
        </dl>
      </Card>
      <Card>
        <CardHeader
          title="What to check next"
          actions={
            <div className="flex gap-3 text-xs">
              {consumerHref ? (
                <IntentLink href={consumerHref} className="text-sky-700 hover:underline dark:text-sky-400">
                  Open {i.where.consumer ? "the consumer" : "the stream"} →
                </IntentLink>
              ) : null}
              {i.runbookUrl ? (
                <a
                  href={i.runbookUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-sky-700 hover:underline dark:text-sky-400"
                >
                  Runbook ↗
                </a>
              ) : null}
            </div>
          }
        />
        <ul className="list-disc space-y-1 py-3 pr-4 pl-8 text-sm">
          {i.nextSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="Symptoms" description="The findings grouped into this incident." />
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {i.symptoms.map((s) => (
            <li key={s.findingId} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-2.5">
              <span className="w-16 shrink-0">
                {s.clearedAt ? (
                  <Badge tone="good">clear</Badge>
                ) : (
                  <Badge tone={SEVERITY_TONE[s.severity]}>{s.severity}</Badge>
                )}
              </span>
              <div className="min-w-0 flex-1">
                {s.href ? (
                  <IntentLink href={`/${env}${s.href}`} className="text-sm font-medium hover:underline">
                    {s.title}
                  </IntentLink>
                ) : (
                  <span className="text-sm font-medium">{s.title}</span>
                )}
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{s.detail}</p>
              </div>
              <div className="text-right text-xs text-zinc-500">
                since <RelativeTime iso={s.since} />
                {s.clearedAt ? (
                  <div>
                    cleared <RelativeTime iso={s.clearedAt} />
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="Timeline" description="Times in UTC; newest last." />
        <IncidentTimeline entries={i.timeline} />
      </Card>
    </div>
  );
}
