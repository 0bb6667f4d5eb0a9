/** The dashboard's log ring: pino lines in, bounded rows out, subscribers told. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogRing, logLineRow } from '../../src/observe/log-ring.js';
import { createStateDirLogger, createLogger } from '../../src/operator/logger.js';

const NOW = new Date('2026-01-01T10:00:00Z');

describe('log ring', () => {
  it('GIVEN a pino JSON line WHEN it becomes a row THEN level, time, message and fields are read and pino bookkeeping is left out', () => {
    const row = logLineRow(
      JSON.stringify({
        level: 40,
        time: Date.parse('2026-01-01T09:00:00Z'),
        pid: 1,
        hostname: 'h',
        service: 'karpd',
        msg: 'launch failed',
        nodeClaim: 'a-1',
        reason: 'no capacity',
      }),
      7,
      NOW,
    );
    assert.deepEqual(row, {
      key: '7',
      time: '2026-01-01T09:00:00.000Z',
      level: 'warn',
      message: 'launch failed',
      fields: 'nodeClaim=a-1 reason="no capacity"',
    });
  });

  it('GIVEN text that is not JSON WHEN written THEN it is kept as an info line at the current time', () => {
    const ring = new LogRing({ now: () => NOW });
    ring.write('(node:1) Warning: something\n');
    assert.deepEqual(ring.lines(), [
      { key: '1', time: NOW.toISOString(), level: 'info', message: '(node:1) Warning: something', fields: '' },
    ]);
  });

  it('GIVEN more lines than the ring holds, split across chunks WHEN written THEN only the newest are kept, in order, and subscribers saw each', () => {
    const ring = new LogRing({ size: 3, now: () => NOW });
    const seen: string[] = [];
    const unsubscribe = ring.subscribe((line) => seen.push(line.message));
    const text = [1, 2, 3, 4, 5].map((n) => JSON.stringify({ level: 30, time: 0, msg: `m${n}` })).join('\n');
    ring.write(text.slice(0, 17));
    ring.write(`${text.slice(17)}\n`);
    assert.deepEqual(
      ring.lines().map((line) => [line.key, line.message]),
      [
        ['3', 'm3'],
        ['4', 'm4'],
        ['5', 'm5'],
      ],
    );
    assert.deepEqual(seen, ['m1', 'm2', 'm3', 'm4', 'm5']);
    unsubscribe();
    ring.write(`${JSON.stringify({ level: 30, msg: 'm6' })}\n`);
    assert.equal(seen.length, 5);
  });

  it('GIVEN a logger teed into a ring and a file WHEN it logs THEN the ring has the line, the file has the JSON and is private (0600), and secrets are redacted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-log-'));
    const ring = new LogRing();
    const file = join(dir, 'karpd.log');
    const logger = createLogger({ file, ring });
    logger.info({ cluster: 'sandbox', auth: { token: 'secret-value' } }, 'cluster state synced');
    logger.flush();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        const [line] = ring.lines();
        assert.equal(line.message, 'cluster state synced');
        assert.match(line.fields, /cluster=sandbox/);
        assert.doesNotMatch(line.fields, /secret-value/);
        const written = readFileSync(file, 'utf8');
        assert.match(written, /"msg":"cluster state synced"/);
        assert.doesNotMatch(written, /secret-value/);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        resolve();
      }),
    );
  });

  it('GIVEN the logger of a state folder WHEN it logs THEN the line is in DIR/karpd.log and in its ring', () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-log-'));
    const { logger, ring, file } = createStateDirLogger({ stateDir: dir });
    logger.warn({ cluster: 'sandbox' }, 'launch failed');
    logger.flush();
    assert.equal(file, join(dir, 'karpd.log'));
    assert.match(readFileSync(file, 'utf8'), /"msg":"launch failed"/);
    assert.deepEqual(
      ring.lines().map((line) => [line.level, line.message]),
      [['warn', 'launch failed']],
    );
  });
});
