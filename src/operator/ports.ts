/**
 * Ports a command was told to use, checked before it does anything else: a
 * port that is taken must stop `karpd up` before it applies manifests or
 * writes a kubeconfig for a server that would then die, with one line naming
 * the flag, not a Node stack trace.
 */
import { AutoscalerError, hasError } from '../apis/errors.js';
import { createServer } from 'node:net';

/** A fixed port and the flag it came from (`--port`). */
export interface RequestedPort {
  readonly port: number;
  readonly flag: string;
}

/** A requested port is taken by another process. */
export class PortInUseError extends AutoscalerError {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly flag: string,
  ) {
    super(`port ${port} is in use (${flag})`);
  }
}

/** Whether `error` is a {@link PortInUseError}. */
export function isPortInUseError(error: unknown): boolean {
  return hasError(error, PortInUseError);
}

/** Whether `error` is Node's EADDRINUSE from a `listen`. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

function probe(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => (isAddressInUse(error) ? resolve(false) : reject(error)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Checks that every fixed (non-zero) port can be bound on `host`.
 * @throws PortInUseError for the first one that cannot
 */
export async function checkPortsFree(ports: readonly RequestedPort[], host = '127.0.0.1'): Promise<void> {
  const seen = new Map<number, string>();
  for (const { port, flag } of ports) {
    if (port === 0) continue;
    const other = seen.get(port);
    if (other !== undefined) throw new PortInUseError(port, `${flag}, already given to ${other}`);
    seen.set(port, flag);
    if (!(await probe(port, host))) throw new PortInUseError(port, flag);
  }
}
