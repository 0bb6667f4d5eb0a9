/**
 * JsonLinesAuditLog: one JSON object per line, appended in call order under
 * concurrent appends, mode 0600, bounded lines, and reads that survive a torn
 * last line and garbage.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../../src/gitops/decisions/audit-entry.js';
import { AUDIT_RESULT_MAX_LENGTH, AuditLogError, JsonLinesAuditLog } from '../../../src/gitops/decisions/audit-log-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'karpd-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: '2026-12-01T10:00:00Z',
  who: 'alice',
  action: 'approved',
  cluster: 'sandbox',
  decision: 'sandbox-git-change-0123456789',
  kind: 'git-change',
  revision: '3f2a91c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6',
  result: 'approved',
  ...overrides,
});

describe('JsonLinesAuditLog', () => {
  it('appends one JSON object per line to a file only its owner can read', async () => {
    const path = join(dir, 'state', 'audit.log');
    const log = new JsonLinesAuditLog(path);
    await log.append(entry());
    await log.append(entry({ action: 'applied', who: 'karpd', result: 'applied 1 change' }));
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(JSON.parse(lines[0] ?? ''), entry());
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('never rewrites: a second log on the same file appends after the first', async () => {
    const path = join(dir, 'audit.log');
    await new JsonLinesAuditLog(path).append(entry({ result: 'first' }));
    await new JsonLinesAuditLog(path).append(entry({ result: 'second' }));
    assert.deepEqual(
      (await new JsonLinesAuditLog(path).read()).map((e) => e.result),
      ['first', 'second'],
    );
  });

  it('keeps lines whole and in call order under many concurrent appends', async () => {
    const log = new JsonLinesAuditLog(join(dir, 'audit.log'));
    const big = 'x'.repeat(3000);
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(entry({ result: `${i} ${big}` }))));
    const read = await log.read();
    assert.equal(read.length, 200);
    assert.deepEqual(
      read.map((e) => Number(e.result.split(' ')[0])),
      Array.from({ length: 200 }, (_, i) => i),
    );
  });

  it('skips a torn last line and garbage, and does not glue the next entry to the torn line', async () => {
    const path = join(dir, 'audit.log');
    writeFileSync(path, `${JSON.stringify(entry({ result: 'kept' }))}\nnot json\n{"at":"x"}\n{"at":"2026-12-01T10:00:00Z","who":"al`);
    const log = new JsonLinesAuditLog(path);
    assert.deepEqual(
      (await log.read()).map((e) => e.result),
      ['kept'],
    );
    await log.append(entry({ result: 'after the crash' }));
    assert.deepEqual(
      (await log.read()).map((e) => e.result),
      ['kept', 'after the crash'],
    );
  });

  it('bounds each line: a long result is cut to about 4 KiB and says so', async () => {
    const path = join(dir, 'audit.log');
    const log = new JsonLinesAuditLog(path);
    await log.append(entry({ result: 'e'.repeat(100_000), override: 'o'.repeat(10_000) }));
    const [read] = await log.read();
    assert.ok((read?.result.length ?? 0) <= AUDIT_RESULT_MAX_LENGTH);
    assert.match(read?.result ?? '', /more characters not shown\)$/);
    assert.ok(readFileSync(path, 'utf8').length < 6 * 1024);
  });

  it('filters by cluster and keeps the newest entries for a limit', async () => {
    const log = new JsonLinesAuditLog(join(dir, 'audit.log'));
    for (const [i, cluster] of ['sandbox', 'prod', 'sandbox', 'sandbox'].entries()) await log.append(entry({ cluster, result: String(i) }));
    assert.deepEqual(
      (await log.read({ cluster: 'sandbox', limit: 2 })).map((e) => e.result),
      ['2', '3'],
    );
    assert.deepEqual(
      (await log.read({ limit: 10 })).map((e) => e.result),
      ['0', '1', '2', '3'],
    );
  });

  it('reads a missing file as empty, and rejects an append it cannot write with the path, then carries on', async () => {
    assert.deepEqual(await new JsonLinesAuditLog(join(dir, 'none.log')).read(), []);
    const blocker = join(dir, 'file');
    appendFileSync(blocker, '');
    const log = new JsonLinesAuditLog(join(blocker, 'audit.log'));
    await assert.rejects(log.append(entry()), (error: unknown) => error instanceof AuditLogError && error.message.includes(blocker));
    await assert.rejects(log.append(entry()), AuditLogError);
  });
});
