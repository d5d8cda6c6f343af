// Feature flags derived from the version the server reports in its INFO (never assumed from config).
import type { ServerFeatures } from "@/lib/dto/connection";

type Version = [number, number, number];

export function parseVersion(version: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function atLeast(have: Version, want: Version): boolean {
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== want[i]!) return have[i]! > want[i]!;
  }
  return true;
}

export function featuresFor(version: string): ServerFeatures {
  const v = parseVersion(version) ?? [0, 0, 0];
  return {
    directGet: atLeast(v, [2, 9, 0]),
    multipleFilters: atLeast(v, [2, 10, 0]),
    consumerPause: atLeast(v, [2, 11, 0]),
    maxDeliveriesAtAckWait: atLeast(v, [2, 10, 22]),
  };
}
