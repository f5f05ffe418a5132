import type { Socket } from 'node:net';

/**
 * What the transport learned about each origin's connections. A reused connection that dies
 * before answering right after carrying a single answer means the server closes connections
 * after each answer without saying so (no Connection: close): every later request to that
 * origin gets a fresh connection instead of finding a dead one first (issue 9 item 4).
 * Share one instance between transports (the engine does) so each attempt need not relearn it.
 */
export class ConnectionMemory {
  private readonly answers = new WeakMap<Socket, number>();
  private readonly oneAnswerOrigins = new Set<string>();

  /** Requests to this origin each open a fresh connection and ask for Connection: close. */
  freshPerRequest(origin: string): boolean {
    return this.oneAnswerOrigins.has(origin);
  }

  answered(socket: Socket | null): void {
    if (socket) this.answers.set(socket, (this.answers.get(socket) ?? 0) + 1);
  }

  /**
   * A reused connection failed before its answer arrived. One that had served several answers
   * merely timed out or met a restart; one that served a single answer is the pattern.
   */
  diedOnReuse(origin: string, socket: Socket | null): void {
    if (!socket || (this.answers.get(socket) ?? 0) <= 1) this.oneAnswerOrigins.add(origin);
  }
}
