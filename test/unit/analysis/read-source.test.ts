import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../../../src/analysis/read-source.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

describe('readSource', () => {
  it('reads UTF-8 text and hashes its bytes', async () => {
    const result = await readSource(file('a.py', 'def grüße():\r\n\tpass\r\n'), 1024);
    expect(result).toMatchObject({ ok: true, text: 'def grüße():\r\n\tpass\r\n', hasBom: false });
    const again = await readSource(file('b.py', 'def grüße():\r\n\tpass\r\n'), 1024);
    expect(again.ok && result.ok && again.contentHash === result.contentHash).toBe(true);
  });

  it('strips a BOM but remembers it', async () => {
    const result = await readSource(file('bom.ts', '\uFEFFexport const x = 1;\n'), 1024);
    expect(result).toMatchObject({ ok: true, text: 'export const x = 1;\n', hasBom: true });
  });

  it.each([
    ['binary', () => file('img.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), 'binary'],
    [
      'invalid UTF-8',
      () => file('latin1.py', Buffer.from('caf\xe9 = 1\n', 'latin1')),
      'invalid-utf8',
    ],
    ['too large', () => file('big.py', 'x = 1\n'.repeat(400)), 'too-large'],
    [
      'a folder',
      () => {
        mkdirSync(path.join(dir, 'folder.py'));
        return path.join(dir, 'folder.py');
      },
      'unreadable',
    ],
    ['missing', () => path.join(dir, 'nope.py'), 'missing'],
  ] as const)('skips %s with a reason', async (_name, make, reason) => {
    const result = await readSource(make(), 1024);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
    expect(!result.ok && result.message.length).toBeGreaterThan(10);
  });
});
