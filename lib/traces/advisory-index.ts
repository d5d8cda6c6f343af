// Pure, bounded: consumer advisories (nak, max deliveries, terminated) by the (stream, sequence) they concern.
import type { AdvisoryKind } from "@/lib/advisories/advisory";

export type AdvisoryRef = {
  kind: AdvisoryKind;
  stream: string;
  seq: number;
  consumer: string;
  deliveries: number;
  time: string;
  reason?: string;
};

export class AdvisoryIndex {
  private readonly bySeq = new Map<string, AdvisoryRef[]>();
  private order: string[] = [];
  private head = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.order.length - this.head;
  }

  add(ref: AdvisoryRef): void {
    const key = `${ref.stream}\0${ref.seq}`;
    const list = this.bySeq.get(key);
    if (list?.some((r) => r.kind === ref.kind && r.time === ref.time && r.deliveries === ref.deliveries))
      return;
    if (list) list.push(ref);
    else this.bySeq.set(key, [ref]);
    this.order.push(key);
    while (this.size > this.maxEntries) {
      const gone = this.order[this.head++]!;
      const refs = this.bySeq.get(gone);
      refs?.shift();
      if (refs && refs.length === 0) this.bySeq.delete(gone);
    }
    if (this.head > 65_536 && this.head > this.order.length / 2) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  get(stream: string, seq: number): AdvisoryRef[] {
    return this.bySeq.get(`${stream}\0${seq}`) ?? [];
  }
}
