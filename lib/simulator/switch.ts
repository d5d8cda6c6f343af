// A small on/off switch with a "stopped" state that wakes waiters; shared by pools, agents and sleeps.
export class Switch {
  private on = true;
  private stoppedFlag = false;
  private waiters: (() => void)[] = [];

  get enabled(): boolean {
    return this.on;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  set(on: boolean): void {
    this.on = on;
    this.wake();
  }

  stop(): void {
    this.stoppedFlag = true;
    this.wake();
  }

  /** Resolves on the next change of state. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sleeps ms, or less if stopped; resolves true when it slept the full time. */
  sleep(ms: number): Promise<boolean> {
    if (this.stoppedFlag) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== onStop);
        resolve(true);
      }, ms);
      const onStop = () => {
        if (!this.stoppedFlag) {
          this.waiters.push(onStop);
          return;
        }
        clearTimeout(timer);
        resolve(false);
      };
      this.waiters.push(onStop);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
