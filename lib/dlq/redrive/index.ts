// Face of redrive: start a job (or its dry run), plan it, the job store and runner, job control, single-entry
// edit and redrive.
export { editAndRedrive } from "./edit-redrive";
export { runJob } from "./job";
export { controlJob, type JobAction } from "./job-control";
export { resolveInDoubt } from "./in-doubt";
export { planRedrive } from "./plan";
export { planJob } from "./plan-job";
export { RedriveRunner } from "./runner";
export { startRedrive, type RedriveDefaults } from "./start";
export { RedriveStore, toJobDto, type JobRecord } from "./store";
