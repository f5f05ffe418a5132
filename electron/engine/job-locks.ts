/**
 * One queue per job for commands that wait (a file check): they run one after another in the
 * order they were called, so a later change never lands before an earlier one.
 */
export class JobLocks {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(id);
    // Idle: start at once, so the command sees the job as it is when called.
    const result = previous ? previous.then(work) : work();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return result;
  }
}
