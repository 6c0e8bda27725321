import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLogger, createLogger } from '../../src/log/logger.js';
import { findDaemonAnswers } from '../helpers/daemon.js';
import {
  cleanup,
  collect,
  hearth,
  homePaths,
  ROOT,
  spawnHearth,
  startDaemon,
  tempDir,
  tempHome,
  waitFor,
} from '../helpers/hearth.js';

afterEach(cleanup);

const API_KEY = 'sk-proj-Zx8Qw2Er4Ty6Ui8Op0As2Df4Gh6Jk8';

describe('logging', () => {
  it('writes API keys, bearer tokens and Authorization headers redacted', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hearth.log');
    const logger = createLogger({
      file,
      level: 'info',
      maxBytes: 1 << 20,
      maxFiles: 2,
      console: false,
    });
    logger.info(`calling the cloud with ${API_KEY}`, {
      headers: { Authorization: 'Bearer tok_0123456789abcdef', 'x-api-key': 'plain-secret-value' },
      request: 'Authorization: Bearer abcdefghijklmnop',
      apiKey: 'another-secret',
      model: 'gpt-x',
    });
    logger.error(new Error(`request failed for key ${API_KEY}`));
    await closeLogger(logger);

    const text = readFileSync(file, 'utf8');
    for (const secret of [
      API_KEY,
      'tok_0123456789abcdef',
      'plain-secret-value',
      'abcdefghijklmnop',
      'another-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ level: 'info', model: 'gpt-x', apiKey: '[REDACTED]' });
    expect(lines[0].headers.Authorization).toBe('[REDACTED]');
    expect(lines[1].message).toContain('[REDACTED]');
  });

  it('redacts what the real daemon logs', async () => {
    const home = tempHome();
    // A repository whose path looks like a key: the daemon logs the path when it starts watching.
    const parent = path.join(tempDir(), API_KEY);
    mkdirSync(parent);
    execFileSync('git', ['init', '-q', parent]);
    await startDaemon(home);
    expect((await hearth(home, ['watch', parent])).code).toBe(0);
    const log = await waitFor('the watch line', () => {
      const text = readFileSync(homePaths(home).log, 'utf8');
      return text.includes('watching repository') && text;
    });
    expect(log).not.toContain(API_KEY);
    expect(log).toContain('[REDACTED]');
  });

  it('rotates the log file at its size limit, keeping the configured number of files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hearth.log');
    const logger = createLogger({
      file,
      level: 'info',
      maxBytes: 64 * 1024,
      maxFiles: 3,
      console: false,
    });
    for (let i = 0; i < 2000; i++) logger.info(`line ${i} ${'x'.repeat(200)}`);
    await closeLogger(logger);
    const files = readdirSync(dir).filter((f) => f.startsWith('hearth'));
    expect(files.length).toBe(3);
    for (const f of files)
      expect(readFileSync(path.join(dir, f)).length).toBeLessThanOrEqual(64 * 1024 + 512);
    // The newest lines are in hearth.log (tailable rotation).
    expect(readFileSync(file, 'utf8')).toContain('line 1999 ');
  });

  it('prints readable lines in the foreground and from `hearth logs`', async () => {
    const home = tempHome();
    const child = spawnHearth(home, ['daemon']);
    const done = collect(child, 15_000);
    await waitFor('the daemon', () => findDaemonAnswers(home));
    child.kill('SIGTERM');
    const foreground = await done;
    expect(foreground.stderr).toMatch(/^\S+Z info {2}daemon ready/m);

    const logs = await hearth(home, ['logs', '-n', '2']);
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\S+Z info {2}daemon stopped$/);
    const raw = await hearth(home, ['logs', '--json', '-n', '1']);
    expect(JSON.parse(raw.stdout)).toMatchObject({ level: 'info', message: 'daemon stopped' });
  });

  it('follows the log with -f', async () => {
    const home = tempHome();
    await startDaemon(home);
    const follower = spawnHearth(home, ['logs', '-f', '-n', '0']);
    let seen = '';
    follower.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    try {
      await new Promise((r) => setTimeout(r, 400));
      await hearth(home, ['stop']);
      await waitFor('the followed line', () => seen.includes('daemon stopped'));
      expect(seen).not.toContain('daemon ready');
    } finally {
      follower.kill();
    }
  });

  it('says so when there is no log yet', async () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), 'logs'], {
      env: { ...process.env, HEARTH_HOME: tempHome() },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no log yet');
  });
});

describe('crash guards', () => {
  it('log an error thrown from a timer and a rejected promise, and the process lives on', () => {
    const dir = tempDir();
    const file = path.join(dir, 'crash.log');
    const script = `
      import { createLogger, closeLogger } from ${JSON.stringify(path.join(ROOT, 'dist/log/logger.js'))};
      import { installCrashGuards } from ${JSON.stringify(path.join(ROOT, 'dist/daemon/crash-guards.js'))};
      const logger = createLogger({ file: ${JSON.stringify(file)}, level: 'info', maxBytes: 1e6, maxFiles: 1, console: false });
      const remove = installCrashGuards(logger);
      setTimeout(() => { throw new Error('boom from a timer'); }, 10);
      Promise.reject(new Error('nobody awaited me'));
      setTimeout(async () => { remove(); await closeLogger(logger); console.log('still alive'); }, 200);
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('still alive');
    const log = readFileSync(file, 'utf8');
    expect(log).toContain('uncaught error: boom from a timer');
    expect(log).toContain('unhandled rejection: nobody awaited me');
  });
});
