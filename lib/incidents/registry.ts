// Per-environment incident services on globalThis, started at server boot once the environment's NATS answers.
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { resolveAlerts } from "@/lib/config/alerts-schema";
import { environmentConnection } from "@/lib/nats/registry";
import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { collectorFor } from "@/lib/collector/registry";
import { natsUnavailable } from "@/lib/nats/errors";
import { IncidentService } from "./service";

type Holder = { service?: IncidentService; starting: Promise<IncidentService> };

async function startWhenConnected(
  environment: string,
): Promise<{ service: IncidentService; closed: Promise<unknown> }> {
  const conn = environmentConnection(environment);
  const alerts =
    conn.env.alerts ?? resolveAlerts(undefined, undefined, `http://localhost:${getConfig().port}`);
  for (;;) {
    try {
      const nc = conn.connection();
      const service = await IncidentService.start({
        environment,
        nc,
        source: collectorFor(environment),
        alerts,
        audit: () => environmentAuditSink(environment),
      });
      return { service, closed: nc.closed() };
    } catch {
      // NATS not reachable yet: the connection retries forever, and so do we.
      await new Promise((resolve) => setTimeout(resolve, 2000).unref?.());
    }
  }
}

function holder(environment: string): Holder {
  return perEnvironment("incidents", environment, () => {
    const h = {} as Holder;
    // The connection replaces a client that closed for good; the service then starts again on the new one.
    const boot = () => {
      h.service = undefined;
      const started = startWhenConnected(environment);
      h.starting = started.then((s) => s.service);
      void started.then(({ service, closed }) => {
        h.service = service;
        void closed.then(() => {
          service.halt();
          boot();
        });
      });
    };
    boot();
    return h;
  });
}

/** How long a request waits for the service to load before answering 503. */
const LOAD_WAIT_MS = 5000;

/** The environment's incident service; 503 while NATS has not answered since the server started. */
export async function incidentsFor(environment: string): Promise<IncidentService> {
  environmentConnection(environment); // 404 for an unknown environment before anything starts
  const h = holder(environment);
  if (h.service) return h.service;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOAD_WAIT_MS);
  });
  const service = await Promise.race([h.starting, timeout]).finally(() => clearTimeout(timer));
  if (!service)
    throw natsUnavailable("incidents are not loaded yet: NATS has not answered since the server started");
  return service;
}

export function startAllIncidentServices(): void {
  for (const env of getConfig().environments) holder(env.name);
}
