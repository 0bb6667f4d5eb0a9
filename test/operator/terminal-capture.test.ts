/**
 * While the dashboard owns the terminal, console output, process warnings (the AWS SDK's Node-version notice
 * is one) and stray stderr writes go to the log instead of the screen, and everything is put back after.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureTerminalOutput } from '../../src/operator/terminal-capture.js';
import type { Logger } from '../../src/apis/logger.js';

function recordingLogger() {
  const lines: Array<{ level: string; fields: unknown; message: string }> = [];
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      lines.push({ level, fields, message: message ?? String(fields) });
    };
  const logger = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as unknown as Logger;
  return { logger, lines };
}

describe('captureTerminalOutput', () => {
  it('sends console, process warnings and stderr writes to the log, then restores them', async () => {
    const { logger, lines } = recordingLogger();
    const originalLog = console.log;
    const originalWrite = process.stderr.write;
    const warningListeners = process.listeners('warning').length;
    const capture = captureTerminalOutput(logger);
    try {
      console.log('hello', { a: 1 });
      console.error(new Error('boom'));
      process.stderr.write('half a line');
      process.stderr.write(' and the rest\nsecond\n');
      process.emitWarning('NodeVersionSupportWarning: upgrade to node >=22');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      capture.restore();
    }
    assert.deepEqual(lines[0], { level: 'info', fields: { source: 'console' }, message: 'hello {"a":1}' });
    assert.equal(lines[1].level, 'warn');
    assert.match(lines[1].message, /Error: boom/);
    assert.deepEqual(
      lines.filter((line) => (line.fields as { source?: string }).source === 'stderr').map((line) => line.message),
      ['half a line and the rest', 'second'],
    );
    const warning = lines.find((line) => (line.fields as { source?: string }).source === 'process-warning');
    assert.match(warning?.message ?? '', /NodeVersionSupportWarning/);
    assert.equal(console.log, originalLog, 'console is restored');
    assert.equal(process.stderr.write, originalWrite, 'stderr is restored');
    assert.equal(process.listeners('warning').length, warningListeners, "Node's own warning printer is back");
  });
});
