// Face of browsing dead letters: pages newest first, one entry's detail, the group-by summary, the NDJSON export.
export { browse } from "./browse";
export { entryDetail } from "./entry-detail";
export { exportNdjson } from "./export";
export { summarize } from "./summary";
