import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEntry, appendAudit, hashPayload } from '../../src/audit/audit-log.js';
import { cleanup, hearth, hearthJson, tempHome } from '../helpers/hearth.js';

afterEach(cleanup);

const entry = (n: number): AuditEntry => ({
  at: `2026-11-26T10:00:0${n}.000Z`,
  host: '127.0.0.1:11434',
  tier: 'local',
  taskId: `task-${n}`,
  bytes: 100 * n,
  promptTokens: 10 * n,
  completionTokens: n,
  sha256: hashPayload(`payload ${n}`),
  outcome: 'ok',
});

describe('hearth audit', () => {
  it('lists recorded requests without the daemon, skipping a damaged line', async () => {
    const home = tempHome();
    const file = path.join(home, 'state', 'audit.jsonl');
    mkdirSync(path.dirname(file), { recursive: true });
    appendAudit(file, entry(1));
    appendFileSync(file, '{"at": "cut short');
    appendFileSync(file, '\n');
    appendAudit(file, entry(2));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const json = await hearthJson<{ entries: AuditEntry[] }>(home, ['audit', '--json']);
    expect(json.entries).toEqual([entry(1), entry(2)]);
    const text = await hearth(home, ['audit', '-n', '1']);
    expect(text.stdout).toContain('task task-2');
    expect(text.stdout).not.toContain('task-1');
    expect(text.stdout).toContain(hashPayload('payload 2').slice(0, 12));
  });

  it('says when nothing was sent', async () => {
    expect((await hearth(tempHome(), ['audit'])).stdout).toContain(
      'no model requests have been made',
    );
  });
});
