"use client";
// The on-call landing's first answer: what is unhealthy, where, since when and how bad — worst first.
import { RowLink } from "@/components/ui/row-link";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ScrollBox } from "@/components/ui/scroll-box";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Finding, Severity } from "@/lib/dto/findings";
import { formatMetric } from "@/components/charts/format-metric";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { apiPaths } from "@/lib/dto/api-paths";
import { useState } from "react";
import { Pager } from "@/components/ui/pager";
import { cursorOf, type Page } from "@/lib/dto/estate";

/** Findings per page once all are shown. */
const FINDINGS_PAGE = 50;

const TONE: Record<Severity, Tone> = { critical: "bad", warning: "warn", info: "neutral" };

function measured(f: Finding): string {
  if (f.unit === "ratio")
    return `${Math.round(f.value * 100)}% (threshold ${Math.round(f.threshold * 100)}%)`;
  if (!f.unit) return "";
  return `${formatMetric(f.value, f.unit)}${f.threshold ? ` (threshold ${formatMetric(f.threshold, f.unit)})` : ""}`;
}

export function FindingsPanel() {
  const { overview } = useLiveOverview();
  const counts = overview.findingCounts;
  const env = overview.environment;
  // The summary carries the worst few; the rest are fetched a page at a time when asked for, then after each poll.
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(1);
  const every = useRefreshingJson<Page<Finding>>(
    all ? apiPaths.findings(env, { limit: FINDINGS_PAGE, cursor: cursorOf(page, FINDINGS_PAGE) }) : null,
    overview.poll.polledAt,
  ).data;
  const findings = all && every ? every.items : overview.findings;
  const pages = every ? Math.max(1, Math.ceil(every.matched / FINDINGS_PAGE)) : 1;
  return (
    <Card>
      <CardHeader
        title={counts.total === 0 ? "Healthy" : `${counts.total} finding${counts.total === 1 ? "" : "s"}`}
        description={
          counts.total === 0
            ? "No health rule is firing."
            : `${counts.critical} critical, worst first${!all && counts.total > findings.length ? ` (the worst ${findings.length} shown)` : ""}. Each links to the view that explains it.`
        }
      />
      {findings.length === 0 ? (
        <p className="px-4 py-3 text-sm text-emerald-700 dark:text-emerald-400" data-testid="no-findings">
          All streams and consumers are within their thresholds.
        </p>
      ) : (
        <ScrollBox label="Findings" className="max-h-[28rem] overflow-y-auto">
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
                    <RowLink href={`/${env}${f.href}`} className="text-sm font-medium hover:underline">
                      {f.title}
                    </RowLink>
                  ) : (
                    <span className="text-sm font-medium">{f.title}</span>
                  )}
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</p>
                </div>
                <div className="flex w-full flex-wrap gap-x-3 text-xs text-zinc-500 sm:block sm:w-auto sm:text-right">
                  <div className="num">{measured(f)}</div>
                  <div>
                    since <RelativeTime iso={f.since} />
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </ScrollBox>
      )}
      {all && every && every.matched > FINDINGS_PAGE ? (
        <Pager
          offset={every.offset}
          shown={every.items.length}
          matched={every.matched}
          total={every.total}
          page={Math.min(page, pages)}
          pages={pages}
          onPage={setPage}
          noun="findings"
        />
      ) : null}
      {counts.total > overview.findings.length ? (
        <div className="border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <button
            type="button"
            onClick={() => {
              setAll((shown) => !shown);
              setPage(1);
            }}
            className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            {all ? `Show the worst ${overview.findings.length}` : `Show all ${counts.total} findings`}
          </button>
        </div>
      ) : null}
    </Card>
  );
}
