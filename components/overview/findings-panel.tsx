"use client";
// The on-call landing's first answer: what is unhealthy, where, since when and how bad — worst first.
import Link from "next/link";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Finding, Severity } from "@/lib/dto/findings";
import { formatMetric } from "@/components/charts/format-metric";

const TONE: Record<Severity, Tone> = { critical: "bad", warning: "warn", info: "neutral" };

function measured(f: Finding): string {
  if (f.unit === "ratio")
    return `${Math.round(f.value * 100)}% (threshold ${Math.round(f.threshold * 100)}%)`;
  if (!f.unit) return "";
  return `${formatMetric(f.value, f.unit)}${f.threshold ? ` (threshold ${formatMetric(f.threshold, f.unit)})` : ""}`;
}

export function FindingsPanel() {
  const { overview } = useLiveOverview();
  const findings = overview.findings;
  const critical = findings.filter((f) => f.severity === "critical").length;
  const env = overview.environment;
  return (
    <Card>
      <CardHeader
        title={
          findings.length === 0 ? "Healthy" : `${findings.length} finding${findings.length === 1 ? "" : "s"}`
        }
        description={
          findings.length === 0
            ? "No health rule is firing."
            : `${critical} critical, worst first. Each links to the view that explains it.`
        }
      />
      {findings.length === 0 ? (
        <p className="px-4 py-3 text-sm text-emerald-700 dark:text-emerald-400" data-testid="no-findings">
          All streams and consumers are within their thresholds.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="findings">
          {findings.map((f) => (
            <li
              key={f.id}
              data-testid={`finding-${f.rule}`}
              data-where={[f.where.stream, f.where.consumer, f.where.subject].filter(Boolean).join("/")}
              className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-2.5"
            >
              <Badge tone={TONE[f.severity]}>{f.severity}</Badge>
              <div className="min-w-0 flex-1">
                {f.href ? (
                  <Link href={`/${env}${f.href}`} className="text-sm font-medium hover:underline">
                    {f.title}
                  </Link>
                ) : (
                  <span className="text-sm font-medium">{f.title}</span>
                )}
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</p>
              </div>
              <div className="text-right text-xs text-zinc-500">
                <div className="num">{measured(f)}</div>
                <div>
                  since <RelativeTime iso={f.since} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
