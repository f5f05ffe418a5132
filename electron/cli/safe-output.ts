import { escapeControlKeepingLines } from '../../shared/display-text.js';
import type { OutputStream, TerminalControl } from './cli-io.js';

/**
 * The CLI's output boundary: everything written as text reaches the terminal with its control
 * characters escaped (line feeds kept: the lines are ours), whatever path built it, so no
 * server-sent escape sequence can act on the terminal. Only the CLI's own redraw sequences,
 * written through `control`, pass unchanged.
 */
export function guardOutput(stream: OutputStream): OutputStream {
  return {
    write: (text) => stream.write(escapeControlKeepingLines(text)),
    control: (sequence) => (stream.control ? stream.control(sequence) : stream.write(sequence)),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** Writes one of the CLI's own terminal sequences (raw on a stream without a control channel). */
export function writeControl(stream: OutputStream, sequence: TerminalControl): void {
  if (stream.control) stream.control(sequence);
  else stream.write(sequence);
}
