import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  hearth,
  hearthJson,
  homePaths,
  startDaemon,
  tempHome,
  tempRepo,
} from '../helpers/hearth.js';

afterAll(() => cleanup());

interface Check {
  id: string;
  status: string;
  message: string;
  fix: string | null;
}

async function doctorChecks(home: string): Promise<{ code: number | null; checks: Check[] }> {
  const result = await hearth(home, ['doctor', '--json']);
  return { code: result.code, checks: (JSON.parse(result.stdout) as { checks: Check[] }).checks };
}

const STORES = ['queue.sqlite', 'suggestions.sqlite', 'reviews.sqlite'];

describe('damaged state files', () => {
  it('starts with garbage in each store: each is moved aside and status and doctor say so', async () => {
    const home = tempHome();
    const data = path.join(home, 'data');
    mkdirSync(data, { recursive: true });
    for (const name of STORES)
      writeFileSync(path.join(data, name), `${name} is garbage\n`.repeat(200));

    const before = await doctorChecks(home);
    expect(before.code).toBe(1);
    const failing = before.checks.filter((c) => c.id === 'state-files' && c.status === 'fail');
    expect(failing.map((c) => c.message)).toEqual(
      STORES.map((name) => `${path.join(data, name)} is damaged (file is not a database)`),
    );

    await startDaemon(home);
    for (const name of STORES) {
      const aside = readdirSync(data).filter(
        (f) => f.startsWith(`${name}.damaged-`) && !/-(wal|shm)$/.test(f),
      );
      expect(aside, name).toHaveLength(1);
      expect(readFileSync(path.join(data, aside[0] as string), 'utf8')).toContain('is garbage');
    }
    const status = await hearth(home, ['status']);
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n').filter((line) => line.startsWith('damaged'));
    expect(lines).toHaveLength(3);
    for (const name of STORES) {
      const line = lines.find((l) => l.includes(`${path.join(data, name)} was damaged`));
      expect(line, name).toMatch(
        new RegExp(
          `\\(file is not a database\\); moved to ${path.join(data, name)}\\.damaged-\\S+ at \\S+; nothing could be recovered`,
        ),
      );
    }
    const json = await hearthJson<{ damaged: string[] }>(home, ['status', '--json']);
    expect(json.damaged).toHaveLength(3);
    expect(readFileSync(homePaths(home).log, 'utf8')).toContain(
      'a damaged state file was moved aside',
    );

    const after = await doctorChecks(home);
    const warned = after.checks.filter((c) => c.id === 'state-files');
    expect(warned.map((c) => c.status)).toEqual(['warn', 'warn', 'warn']);
    expect(warned.map((c) => c.message).sort()).toEqual(lines.map((l) => l.slice(12)).sort());
    expect(warned[0]?.fix).toMatch(/delete it and this line goes/);
    // The queue works: a fresh store took the damaged one's place.
    const queue = await hearth(home, ['queue', '--json']);
    expect(queue.code, queue.stderr).toBe(0);
  });

  it('a command moves a damaged store aside itself, unless the daemon has it open', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const file = path.join(home, 'data', 'suggestions.sqlite');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'garbage\n'.repeat(600));
    await startDaemon(home);
    const stopped = await hearth(home, ['stop']);
    expect(stopped.code).toBe(0);
    // Damaged while no daemon runs: the command moves it and goes on.
    writeFileSync(file, 'garbage\n'.repeat(600));
    const listed = await hearth(home, ['suggestions', repo]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(
      `hearth: ${file} was damaged (file is not a database); moved to ${file}.damaged-`,
    );

    // Damaged under a running daemon: the command refuses and says how to repair.
    await startDaemon(home);
    writeFileSync(file, 'garbage\n'.repeat(600));
    const refused = await hearth(home, ['suggestions', repo]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `hearth: ${file} is damaged (file is not a database); the daemon (pid`,
    );
    expect(refused.stderr).toContain('restart it');
  });

  it('moves a damaged trust file aside: nothing is trusted, and hearth says so', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({ checks: [{ name: 'lint', command: 'true', parser: 'generic' }] }),
    );
    const first = await hearth(home, ['trust', repo]);
    expect(first.code, first.stderr).toBe(0);
    const trustFile = path.join(home, 'config', 'trusted-checks.json');
    expect(existsSync(trustFile)).toBe(true);
    writeFileSync(trustFile, '{"version": 1, "repos": {\n  "/x": ');

    const before = await doctorChecks(home);
    const damaged = before.checks.find((c) => c.id === 'state-files');
    expect(damaged).toMatchObject({
      status: 'fail',
      message: `${trustFile} is damaged (not valid JSON: it ends too early (line 2))`,
    });

    // The next reader moves it aside; `hearth trust` says so, then trusts anew.
    const again = await hearth(home, ['trust', repo]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${trustFile} was damaged (not valid JSON: it ends too early`);
    expect(again.stderr).toContain('nothing is trusted now');
    expect(again.stdout).toContain('trusted the settings');
    const aside = readdirSync(path.dirname(trustFile)).filter((f) =>
      f.startsWith('trusted-checks.json.damaged-'),
    );
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(trustFile), aside[0] as string), 'utf8')).toContain(
      '"/x"',
    );

    const after = await doctorChecks(home);
    const moved = after.checks.find((c) => c.id === 'state-files');
    expect(moved?.status).toBe('warn');
    expect(moved?.message).toContain(`${trustFile} was damaged`);
    expect(moved?.message).toContain(`moved to ${trustFile}.damaged-`);
  });

  it('refuses a damaged config, naming the file, the line and the repair; doctor says the same', async () => {
    const home = tempHome();
    const { userConfig } = homePaths(home);
    mkdirSync(path.dirname(userConfig), { recursive: true });
    const text = '{\n  "log": {\n    "level": \n  }\n}\n';
    writeFileSync(userConfig, text);

    const start = await hearth(home, ['start']);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(`${userConfig}: not valid JSON at line 4, column 3`);
    expect(start.stderr).toContain(`mv '${userConfig}' '${userConfig}.bad'`);

    const { code, checks } = await doctorChecks(home);
    expect(code).toBe(1);
    const config = checks.find((c) => c.id === 'config');
    expect(config?.status).toBe('fail');
    expect(config?.message).toContain(`${userConfig}: not valid JSON at line 4, column 3`);
    expect(config?.fix).toContain('never discards your config');
    expect(checks.find((c) => c.id === 'node')?.status).toBe('pass');
    // The user's words are never moved or rewritten.
    expect(readFileSync(userConfig, 'utf8')).toBe(text);
  });
});
