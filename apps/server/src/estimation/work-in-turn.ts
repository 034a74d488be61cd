/**
 * Background work run one at a time per key: work asked for while other work of the key runs waits until that has
 * ended, and only the latest of such asks runs then (they are all alike: look again at what changed). The 含推算
 * estimations use it so that a read arriving during a recomputation still has its changes looked at, and no two
 * estimations of the same estimates ever run at once.
 */
export class WorkInTurn {
  readonly #running = new Map<string, Promise<void>>();
  readonly #waiting = new Map<string, () => Promise<void>>();

  /** Runs `work` (which must not fail) now, or after the work of `key` under way. */
  run(key: string, work: () => Promise<void>): void {
    if (this.#running.has(key)) {
      this.#waiting.set(key, work);
      return;
    }
    this.#running.set(
      key,
      work().finally(() => {
        this.#running.delete(key);
        const next = this.#waiting.get(key);
        this.#waiting.delete(key);
        if (next) this.run(key, next);
      }),
    );
  }

  /** Settles when no work of any key runs or waits. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
