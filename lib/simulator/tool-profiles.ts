// The simulated tools: how long each takes and how often each way of failing happens.

export type FailureOdds = {
  /** Per attempt: the worker naks with a delay. */
  transient: number;
  /** Per attempt: the worker dies mid-task (no ack): redelivered after ack wait. */
  crash: number;
  /** Per request: fails on every attempt until max deliveries. */
  poison: number;
  /** Per request: the worker dead-letters it itself, then terms it. */
  permanent: number;
};

export type ToolProfile = {
  name: string;
  latencyMs: [min: number, max: number];
  /** Odds that one attempt is very slow (e.g. a 30 s CRM timeout), and how slow. */
  slow?: { odds: number; ms: number };
  failures: FailureOdds;
};

export const NO_FAILURES: FailureOdds = { transient: 0, crash: 0, poison: 0, permanent: 0 };

export const DEFAULT_TOOLS: ToolProfile[] = [
  {
    name: "crm_lookup",
    latencyMs: [300, 900],
    slow: { odds: 0.04, ms: 30_000 },
    failures: { transient: 0.05, crash: 0.02, poison: 0.01, permanent: 0.01 },
  },
  {
    name: "web_search",
    latencyMs: [200, 1500],
    failures: { transient: 0.08, crash: 0.01, poison: 0.005, permanent: 0.01 },
  },
  {
    name: "db_report",
    latencyMs: [1000, 4000],
    failures: { transient: 0.03, crash: 0.03, poison: 0.01, permanent: 0.02 },
  },
  {
    name: "send_email",
    latencyMs: [100, 300],
    failures: { transient: 0.02, crash: 0.005, poison: 0.005, permanent: 0.03 },
  },
];
