/**
 * An asynchronous step (connect info, route lookup, token refresh) held open until the test
 * releases it, so user actions can be interleaved with it. Test code only.
 */
export class HeldStep<T> {
  private readonly waiting: Array<{ resolve: (v: T) => void; reject: (e: Error) => void }> = [];
  /** how many times the step was entered */
  calls = 0;

  get pending(): number {
    return this.waiting.length;
  }

  /** Enters the step: a promise that settles on release (or rejects when `signal` aborts). */
  hold(signal?: AbortSignal): Promise<T> {
    this.calls += 1;
    return new Promise<T>((resolve, reject) => {
      const entry = { resolve, reject };
      this.waiting.push(entry);
      signal?.addEventListener('abort', () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      });
    });
  }

  /** Settles every waiting call with `value`. */
  release(value: T): void {
    for (const w of this.waiting.splice(0)) w.resolve(value);
  }

  /** Rejects every waiting call. */
  fail(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
