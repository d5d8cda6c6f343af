// A growing, sorted list of stream sequences (appended in order) that counts a range and drops its front (pure).

export class SeqList {
  private seqs = new Float64Array(64);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** Appends a sequence; one not above the last is ignored (tails deliver in order; a re-read repeats). */
  push(seq: number): void {
    if (this.tail > this.head && seq <= this.seqs[this.tail - 1]!) return;
    if (this.tail === this.seqs.length) {
      const live = this.tail - this.head;
      const next = live * 2 > this.seqs.length ? new Float64Array(this.seqs.length * 2) : this.seqs;
      next.set(this.seqs.subarray(this.head, this.tail), 0);
      this.seqs = next;
      this.head = 0;
      this.tail = live;
    }
    this.seqs[this.tail++] = seq;
  }

  /** Index of the first sequence above `seq`. */
  private upper(seq: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many sequences lie in (after, through]. */
  countIn(after: number, through: number): number {
    return through <= after ? 0 : this.upper(through) - this.upper(after);
  }

  /** Drops every sequence up to and including `seq`. */
  dropThrough(seq: number): void {
    this.head = this.upper(seq);
  }
}
