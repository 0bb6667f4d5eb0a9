import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JsonLinesAuditLog, MAX_AUDIT_FIELD_CHARS } from '../../../src/gitops/decisions/audit-log-file.js';
import type { AuditEntry } from '../../../src/gitops/decisions/audit-entry.js';

const entry = (n: number, cluster = 'sandbox'): AuditEntry => ({
  at: `2026-12-02T10:00:${String(n % 60).padStart(2, '0')}Z`,
  who: 'alice',
  action: 'approved',
  cluster,
  decision: `sandbox-git-change-${n}`,
  revision: 'abc',
  result: `entry ${n}`,
});

describe('JsonLinesAuditLog', () => {
  it('appends one JSON line per entry to a 0600 file and reads them back in order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'karpd-audit-')), 'state', 'audit.log');
    const log = new JsonLinesAuditLog(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i, i % 2 === 0 ? 'sandbox' : 'lab'))));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 50);
    for (const line of lines) JSON.parse(line);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const all = await log.read();
    assert.deepEqual(
      all.map((e) => e.result),
      Array.from({ length: 50 }, (_, i) => `entry ${i}`),
    );
    assert.equal((await log.read({ cluster: 'lab' })).length, 25);
    assert.deepEqual(
      (await log.read({ limit: 2 })).map((e) => e.result),
      ['entry 48', 'entry 49'],
    );
  });

  it('never rewrites: a second log over the same file appends after the first', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'karpd-audit-')), 'audit.log');
    await new JsonLinesAuditLog(path).append(entry(1));
    await new JsonLinesAuditLog(path).append(entry(2));
    assert.deepEqual(
      (await new JsonLinesAuditLog(path).read()).map((e) => e.result),
      ['entry 1', 'entry 2'],
    );
  });

  it('skips a torn last line and garbage lines', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'karpd-audit-')), 'audit.log');
    const log = new JsonLinesAuditLog(path);
    await log.append(entry(1));
    appendFileSync(path, 'not json\n{"at":"x"}\n{"at":"2026-12-02T10:00:00Z","who":"bob","act');
    const entries = await log.read();
    assert.deepEqual(
      entries.map((e) => e.result),
      ['entry 1'],
    );
  });

  it('bounds a long result', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'karpd-audit-')), 'audit.log');
    const log = new JsonLinesAuditLog(path);
    await log.append({ ...entry(1), result: 'x'.repeat(MAX_AUDIT_FIELD_CHARS * 3) });
    const [read] = await log.read();
    assert.ok(read.result.length < MAX_AUDIT_FIELD_CHARS + 20);
    assert.match(read.result, /\(cut\)$/);
  });

  it('reads an absent file as empty', async () => {
    assert.deepEqual(await new JsonLinesAuditLog(join(tmpdir(), 'karpd-no-such-audit.log')).read(), []);
  });
});
