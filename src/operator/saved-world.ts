/**
 * The embedded world in the state folder (`DIR/world.json`), as kind and
 * minikube keep their clusters: the control plane's store, the simulated
 * EC2's instances and the demo's simulated hour, taken together in one
 * synchronous snapshot so they agree with each other, and written at most
 * once a second (only when something changed) to a temp file that is
 * fsync'd and renamed over the old one. A crash (kill -9) loses at most the
 * last second; what is loaded is always one consistent, complete snapshot.
 * The writes the store takes stay cheap: a change only sets a flag, taking
 * a snapshot copies references, and the text is written out in chunks
 * between which the event loop runs.
 */
import { AutoscalerError, hasError } from '../apis/errors.js';
import { open, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CancelTimer, Clock } from '../apis/clock.js';
import type { Logger } from '../apis/logger.js';
import type { SavedSimCloud } from '../cloudprovider/sim/sim-cloud-provider.js';
import type { StoreSnapshot, StoreSnapshotParts } from '../sim/control-plane/store.js';

/** The file the world is saved to, inside the state folder. */
export const WORLD_FILE = 'world.json';
const FORMAT_VERSION = 1;

/** A saved world, as loaded. */
export interface SavedWorld {
  readonly version: number;
  readonly savedAt: string;
  readonly store: StoreSnapshot;
  readonly cloud: SavedSimCloud;
  /** The demo workload's simulated hour (7 = 07:00 of day 0) when it was saved. */
  readonly demoHour?: number;
}

/** The parts a snapshot is assembled from: the store's entries still as JSON text, the rest plain data. */
export interface WorldParts {
  readonly store: StoreSnapshotParts;
  readonly cloud: SavedSimCloud;
  readonly demoHour?: number;
}

/** A saved world that cannot be read. */
export class SavedWorldError extends AutoscalerError {
  override readonly name = 'SavedWorldError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`the saved world ${path} cannot be read (${reason}); start over with --fresh`);
  }
}

/** Whether `error` is a {@link SavedWorldError}. */
export function isSavedWorldError(error: unknown): boolean {
  return hasError(error, SavedWorldError);
}

/** Entries joined per chunk: large enough to write efficiently, small enough not to hold the event loop. */
const CHUNK_ENTRIES = 500;

/** The JSON text of one snapshot, in pieces (their concatenation is the file). */
export function* worldChunks(parts: WorldParts, savedAt: Date): Generator<string> {
  const demo = parts.demoHour === undefined ? '' : `"demoHour":${parts.demoHour},`;
  yield `{"version":${FORMAT_VERSION},"savedAt":"${savedAt.toISOString()}",${demo}"cloud":${JSON.stringify(parts.cloud)},"store":{"rv":${parts.store.rv},"buckets":{`;
  let firstBucket = true;
  for (const [storageKey, items] of parts.store.buckets) {
    yield `${firstBucket ? '' : ','}${JSON.stringify(storageKey)}:[`;
    firstBucket = false;
    for (let i = 0; i < items.length; i += CHUNK_ENTRIES) yield `${i === 0 ? '' : ','}${items.slice(i, i + CHUNK_ENTRIES).join(',')}`;
    yield ']';
  }
  yield '}}}';
}

/** The JSON of one snapshot as one string (tests, small worlds). */
export function worldJson(parts: WorldParts, savedAt: Date): string {
  return [...worldChunks(parts, savedAt)].join('');
}

/** Loads `DIR/world.json`; undefined when there is none. @throws SavedWorldError when it is unreadable */
export function loadSavedWorld(stateDir: string): SavedWorld | undefined {
  const path = join(stateDir, WORLD_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SavedWorldError(path, (error as Error).message);
  }
  let world: SavedWorld;
  try {
    world = JSON.parse(text) as SavedWorld;
  } catch (error) {
    throw new SavedWorldError(path, (error as Error).message);
  }
  if (world?.version !== FORMAT_VERSION)
    throw new SavedWorldError(path, `format version ${String(world?.version)}, expected ${FORMAT_VERSION}`);
  if (typeof world.store?.rv !== 'number' || typeof world.store.buckets !== 'object' || !Array.isArray(world.cloud?.instances)) {
    throw new SavedWorldError(path, 'store or cloud is missing');
  }
  return world;
}

/** Deletes the saved world (`karpd up --fresh`). */
export async function removeSavedWorld(stateDir: string): Promise<void> {
  await rm(join(stateDir, WORLD_FILE), { force: true });
  await rm(join(stateDir, `${WORLD_FILE}.tmp`), { force: true });
}

/** Writes `path` crash-safely from `chunks`: a temp file, fsync, rename, then fsync of the folder. */
export async function writeFileAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w', 0o600);
  try {
    for (const chunk of chunks) await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const dir = await open(join(path, '..'), 'r');
  try {
    await dir.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  } finally {
    await dir.close();
  }
}

/** Options of {@link WorldSaver}. */
export interface WorldSaverOptions {
  readonly stateDir: string;
  readonly collect: () => WorldParts;
  readonly clock: Clock;
  readonly logger: Logger;
  /** @default 1000 */
  readonly intervalMs?: number;
}

/** Saves the world at most every `intervalMs` while it changes. */
export class WorldSaver {
  private dirty = true;
  private timer: CancelTimer | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Snapshots written so far. */
  writes = 0;

  constructor(private readonly options: WorldSaverOptions) {}

  /** Something changed: the next tick writes a snapshot. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Starts the periodic saving. */
  start(): void {
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      void this.flush().finally(() => this.arm());
    }, this.options.intervalMs ?? 1000);
  }

  /** Writes a snapshot now if anything changed since the last one. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const chunks = worldChunks(this.options.collect(), this.options.clock.now());
      try {
        await writeFileAtomic(join(this.options.stateDir, WORLD_FILE), chunks);
        this.writes++;
      } catch (error) {
        this.dirty = true;
        this.options.logger.warn(
          { stateDir: this.options.stateDir, reason: (error as Error).message },
          'saving the world failed; retrying in a second',
        );
      }
    });
    return this.writing;
  }

  /** Stops the timer and writes a last snapshot. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    await this.flush();
  }
}
