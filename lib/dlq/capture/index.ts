// Face of dead-letter capture: advisories become entries of Switchyard's own DLQ stream, application DLQs are indexed.
export { AppDlqIndex } from "./app-dlq-index";
export { CAPTURE_CONSUMER, DeadLetterCapture, type CaptureWatch } from "./capture";
