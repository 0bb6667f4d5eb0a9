/**
 * While the dashboard owns the terminal nothing else may write to it: `console.*` from any library, Node's
 * process warnings (the AWS SDK's Node-version notice is one) and stray `process.stderr` writes go to the
 * log (a file in the state folder) instead, one line each. `restore()` puts everything back.
 */
import type { Logger } from '../kube/logger.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

function text(args: readonly unknown[]): string {
  return args
    .map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? (arg.stack ?? arg.message) : safeJson(arg)))
    .join(' ')
    .slice(0, 4096);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Output that was going to the terminal, redirected; call `restore()` when the terminal is given back. */
export interface TerminalCapture {
  restore(): void;
}

/** Sends console output, process warnings and stderr writes to `logger` until restored. */
export function captureTerminalOutput(logger: Logger): TerminalCapture {
  const saved = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => {
      const line = text(args);
      if (method === 'warn' || method === 'error' || method === 'trace') logger.warn({ source: 'console' }, line);
      else logger.info({ source: 'console' }, line);
    };
  }
  const warningListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => logger.warn({ source: 'process-warning', warning: warning.name }, warning.message.slice(0, 4096));
  process.on('warning', onWarning);
  const stderrWrite = process.stderr.write;
  let pending = '';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = pending.split('\n');
    pending = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) if (line.trim() !== '') logger.warn({ source: 'stderr' }, line.slice(0, 4096));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stderr.write;
  let restored = false;
  return {
    restore: () => {
      if (restored) return;
      restored = true;
      for (const [method, original] of saved) console[method] = original;
      process.off('warning', onWarning);
      for (const listener of warningListeners) process.on('warning', listener as (warning: Error) => void);
      process.stderr.write = stderrWrite;
    },
  };
}
