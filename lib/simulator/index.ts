// The simulator's face: the demo, the e2e tests and the benchmarks import from here.
export { Simulator, CONTROL_SUBJECT, DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions } from "./simulator";
export { planConversation, type PlannedConversation } from "./triage-agent";
export { DEFAULT_TOOLS, NO_FAILURES, type FailureOdds, type ToolProfile } from "./tool-profiles";
export { STREAMS, SUBJECTS, CONSUMERS } from "./topology";
export { HEADERS, DLQ_HEADERS } from "@/lib/dto/message-headers";
export { decideAttempt, type Outcome } from "./outcome";
