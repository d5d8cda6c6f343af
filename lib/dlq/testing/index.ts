// Face of the dead-letter test helpers: a work queue that dead-letters, a seeded DLQ stream and its target.
// (dlq-worker.ts is not here: tests run it as a separate process, by path.)
export { advisoryCount, createWorkQueue, publishJobs, work } from "./dead-letter-fixture";
export { createTarget, seedEntries } from "./seed-dlq";
