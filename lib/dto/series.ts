// Names of the history series Switchyard keeps, shared by the collector, the series API and the charts.
import type { ConsumerMetric, StreamMetric } from "@/lib/core/series-keys";
export const METRIC_UNITS: Record<StreamMetric | ConsumerMetric, string> = {
  messages: "msgs",
  bytes: "bytes",
  inRate: "msgs/s",
  lastSeq: "seq",
  backlog: "msgs",
  numAckPending: "msgs",
  oldestUnprocessedAgeSeconds: "s",
  outRate: "acks/s",
  redeliveryRate: "/s",
};

export const RANGES = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
} as const;
export type RangeName = keyof typeof RANGES;

export type ChartSeries = {
  key: string;
  /** A stream or consumer metric, or a tool's (lib/dto/tools.ts TOOL_METRICS). */
  metric: string;
  unit: string;
  widthMs: number;
  points: { t: number; value: number | null; min: number | null; max: number | null }[];
};

/** Points a chart gets at most: a chart is 300–600 px wide, and min–max bands keep what the averaging hides. */
export const CHART_POINTS = 300;
