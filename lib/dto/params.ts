// Zod schemas for path parameters shared by API routes and pages.
import { z } from "zod";

export const environmentName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be an environment name (lowercase letters, digits, - or _)");

/** JetStream stream names: no whitespace, '.', '*', '>' or path separators (nats-server's rule). */
export const streamName = z.string().min(1).max(255).regex(/^[^\s.*>/\\]+$/, "must be a stream name (no spaces, '.', '*', '>', '/' or '\\')");

export const envParams = z.object({ env: environmentName });
export const streamParams = envParams.extend({ stream: streamName });
