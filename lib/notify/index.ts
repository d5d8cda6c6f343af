// Notifications' face: channel payloads, the HTTP POST with its retry delays, silences.
export { maskUrl, noticeKey, requestFor, type Notice } from "./payloads";
export { postJson, retryDelayMs, type PostOutcome } from "./post-json";
export { silenceFor } from "./silences";
