// How far each poll saw a tool's requests handed to its workers (per request stream), so a call's wait in the
// queue can be told from its time in a worker (pure).

/** Polls remembered; only the latest polls after a call's request are ever asked about. */
const CAPACITY = 256;

export class DeliveryMarks {
  private readonly times: number[] = [];
  private readonly floors: number[] = [];

  /** At poll time `t` the serving consumers had been handed every request up to stream sequence `floor`. */
  mark(t: number, floor: number): void {
    const last = this.times.length - 1;
    if (last >= 0 && this.times[last] === t) {
      // Several consumers serve the tool: a request is waiting until the slowest of them took it.
      this.floors[last] = Math.min(this.floors[last]!, floor);
      return;
    }
    this.times.push(t);
    this.floors.push(floor);
    if (this.times.length > CAPACITY) {
      this.times.shift();
      this.floors.shift();
    }
  }

  /** The last poll after `since` that saw sequence `seq` still waiting for a worker; null when none did. */
  waitingUntil(seq: number, since: number): number | null {
    for (let i = this.times.length - 1; i >= 0 && this.times[i]! > since; i--)
      if (this.floors[i]! < seq) return this.times[i]!;
    return null;
  }
}
