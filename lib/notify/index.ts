// Notifications' face: channel payloads, the HTTP POST with its retry delays, silences.
export {
  digestOrder,
  digestRequestFor,
  maskUrl,
  noticeKey,
  requestFor,
  type Digest,
  type Notice,
} from "./payloads";
export { postJson, retryDelayMs, type PostOutcome } from "./post-json";
export { silenceFor } from "./silences";
