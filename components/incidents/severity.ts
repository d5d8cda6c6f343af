// Severity → badge tone, shared by the incident views.
import type { Tone } from "@/components/ui/badge";
import type { Severity } from "@/lib/dto/findings";

export const SEVERITY_TONE: Record<Severity, Tone> = { critical: "bad", warning: "warn", info: "neutral" };
