import { InterruptedError } from './interrupt-gate.js';

/** The parts of a TTY input stream the prompt needs (process.stdin, or a fake in tests). */
export interface PromptInput {
  readonly isRaw?: boolean;
  setRawMode(raw: boolean): unknown;
  setEncoding(encoding: 'utf8'): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Reads a password from the terminal without echoing it. Raw mode turns Ctrl-C into a plain
 * character, so it is handled here (InterruptedError) rather than by the signal handler.
 */
export function promptPassword(
  prompt: string,
  input: PromptInput,
  output: { write(text: string): unknown },
): Promise<string> {
  return readRawLine(prompt, input, output, { echo: false });
}

/** Asks a yes/no question on the terminal: only "y" or "yes" (any case) is a yes. */
export async function confirm(
  question: string,
  input: PromptInput,
  output: { write(text: string): unknown },
): Promise<boolean> {
  const answer = await readRawLine(`${question} [y/N] `, input, output, { echo: true });
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** One line from the terminal in raw mode (so Ctrl-C is ours to handle), echoed or not. */
function readRawLine(
  prompt: string,
  input: PromptInput,
  output: { write(text: string): unknown },
  { echo }: { echo: boolean },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw ?? false;
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new InterruptedError());
        if (char === '\u007f' || char === '\b') {
          if (echo && value.length > 0) output.write('\b \b');
          value = Array.from(value).slice(0, -1).join('');
        } else if (char >= ' ') {
          value += char;
          if (echo) output.write(char);
        }
      }
    };
    output.write(prompt);
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
