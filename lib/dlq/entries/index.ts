// Face of the DLQ stream model every dead-letter job shares: streams, entries, origin headers, marks, ranges, reads.
export { deadLetterHeaders, redriveDropped, redriveHeaders } from "./copy-headers";
export { appDeadLetterStreams, listDeadLetterStreams } from "./dlq-sources";
export {
  ensureOwnDlqStream,
  OWN_DLQ_PREFIX,
  OWN_DLQ_STREAM,
  ownEntryFilter,
  ownEntrySubject,
  type CaptureReason,
} from "./dlq-stream";
export { headerPairs, toEntry } from "./entry";
export { reasonKind } from "./entry-filter";
export {
  DEFAULT_ORIGIN_HEADERS,
  originHeadersFor,
  type OriginHeaderConfig,
  type OriginHeaderNames,
} from "./origin-headers";
export { readEntry } from "./read-entry";
export {
  applyMark,
  ensureMarksStream,
  loadMarks,
  markOf,
  markSubject,
  withMarks,
  type StoredMark,
} from "./redrive-marks";
export { collectSelection, type CollectOptions } from "./selection";
export { countRanges, rangesIntersect, sliceRanges, toRanges, type SeqRanges } from "./seq-ranges";
export type { Source } from "./source";
export { findInTap, type TapRecord } from "./tap-original";
export { dlqStreamInfo, walkNewestFirst } from "./walk";
