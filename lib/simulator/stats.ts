// Counters of what the simulator did, for the demo's console and tests.
import type { Outcome } from "./outcome";

export class SimulatorStats {
  conversationsStarted = 0;
  conversationsCompleted = 0;
  requestsPublished = 0;
  resultsReceived = 0;
  readonly outcomes = new Map<string, Record<Outcome, number>>();

  count(tool: string, outcome: Outcome): void {
    const row = this.outcomes.get(tool) ?? { success: 0, transient: 0, crash: 0, poison: 0, permanent: 0 };
    row[outcome]++;
    this.outcomes.set(tool, row);
  }

  toJSON() {
    return {
      conversationsStarted: this.conversationsStarted,
      conversationsCompleted: this.conversationsCompleted,
      requestsPublished: this.requestsPublished,
      resultsReceived: this.resultsReceived,
      outcomes: Object.fromEntries(this.outcomes),
    };
  }
}
