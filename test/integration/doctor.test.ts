import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { doctor } from '../../src/cli/commands/doctor.js';
import { checkDaemon } from '../../src/doctor/system-checks.js';
import type { Check, DoctorContext } from '../../src/doctor/types.js';
import { resolvePaths } from '../../src/paths.js';
import { buildManagerLines } from '../../src/service/hook-managers.js';
import { installHooks } from '../../src/service/hooks.js';
import { cleanup, tempDir, tempHome, tempRepo } from '../helpers/hearth.js';
import { type ModelServer, reply, startModelServer } from '../helpers/model-server.js';

// hearthPaths() is resolved once per process, so the whole file shares one HEARTH_HOME.
let home: string;
let userHome: string;
const savedEnv = { ...process.env };
const servers: ModelServer[] = [];

beforeAll(() => {
  home = tempHome();
  userHome = tempDir('hearth-user-');
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('HEARTH_') || key === 'XDG_CONFIG_HOME') delete process.env[key];
  }
  process.env.HEARTH_HOME = home;
});

beforeEach(() => {
  process.exitCode = undefined;
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(() => {
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key];
  }
  Object.assign(process.env, savedEnv);
  cleanup();
});

async function startServer(...args: Parameters<typeof startModelServer>) {
  const server = await startModelServer(...args);
  servers.push(server);
  return server;
}

/** Runs `hearth doctor`, returning what it printed and the exit code it set. */
async function runDoctor(
  flagPairs: string[],
  opts: { json?: boolean; slowGenerationMs?: number } = { json: true },
) {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await doctor({ homedir: userHome, ...opts }, flagPairs);
  vi.restoreAllMocks();
  return { out, exitCode: process.exitCode };
}

async function runDoctorJson(flagPairs: string[], slowGenerationMs?: number) {
  const { out, exitCode } = await runDoctor(flagPairs, { json: true, slowGenerationMs });
  const { checks } = JSON.parse(out) as { checks: Check[] };
  const byId = (id: string) => checks.find((check) => check.id === id) as Check;
  return { checks, byId, exitCode };
}

// An OpenAI-compatible server that is not Ollama: its native /api routes are missing.
const notOllama = (r: { path: string }) =>
  r.path.startsWith('/api/') ? reply.error(404, 'not found') : undefined;

describe('hearth doctor', () => {
  it('warns about Ollama at a 4096-token window and says how to raise num_ctx', async () => {
    const server = await startServer({ models: ['gemma-test'], contextLength: 4096 });
    server.enqueue(reply.text('OK'));
    const { checks, byId, exitCode } = await runDoctorJson([`local.url=${server.url}`]);
    expect(checks.map((c) => c.id)).toEqual([
      'node',
      'git',
      'daemon',
      'inotify',
      'local-endpoint',
      'local-generation',
      'context-window',
      'gpu',
      'power',
      'cloud',
      'service',
      'hooks',
      'trust',
      'config',
      'state-files',
    ]);
    expect(byId('local-endpoint')).toMatchObject({ status: 'pass' });
    expect(byId('local-endpoint').message).toContain('gemma-test');
    expect(byId('local-generation')).toMatchObject({ status: 'pass' });
    expect(server.count('/api/chat')).toBe(1);
    const context = byId('context-window');
    expect(context.status).toBe('warn');
    expect(context.message).toContain('4096');
    expect(context.fix).toContain('num_ctx');
    expect(byId('daemon')).toMatchObject({ status: 'warn' });
    expect(byId('daemon').fix).toContain('hearth start');
    expect(byId('cloud')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('no cloud'),
    });
    expect(byId('service')).toMatchObject({ status: 'warn' });
    expect(['pass', 'warn']).toContain(byId('gpu').status);
    expect(exitCode).not.toBe(1);
  });

  it('passes an OpenAI-compatible server at local.url', async () => {
    const server = await startServer({ models: ['qwen-test'], handler: notOllama });
    server.enqueue(reply.text('OK'));
    const { byId } = await runDoctorJson([`local.url=${server.url}`]);
    expect(byId('local-endpoint')).toMatchObject({ status: 'pass' });
    expect(byId('local-generation')).toMatchObject({ status: 'pass' });
    expect(byId('context-window')).toMatchObject({ status: 'pass' });
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it('fails, exit code 1, when nothing answers at local.url', async () => {
    const server = await startServer();
    const url = server.url;
    await server.stop();
    const { out, exitCode } = await runDoctor([`local.url=${url}`], {});
    expect(exitCode).toBe(1);
    expect(out).toMatch(/^FAIL\s+local-endpoint\s+nothing answers at/m);
    expect(out).toMatch(/fix: start a local server/);
    expect(out).toMatch(/^WARN\s+local-generation\s+skipped/m);
  });

  it('under local-only, does not contact a local.url on another host unless the user allowed it', async () => {
    const server = await startServer({ handler: notOllama });
    // 0.0.0.0 is not a loopback name, so hearth counts it as another host; Linux delivers it here.
    const remote = server.url.replace('127.0.0.1', '0.0.0.0');
    const refused = await runDoctorJson([`local.url=${remote}`, 'localOnly=true']);
    expect(refused.byId('local-endpoint')).toMatchObject({ status: 'fail' });
    expect(refused.byId('local-endpoint').message).toContain(
      'not contacted: local-only mode is on and local.url names 0.0.0.0',
    );
    expect(server.count()).toBe(0);
    server.enqueue(reply.text('OK'));
    const allowed = await runDoctorJson([
      `local.url=${remote}`,
      'localOnly=true',
      'privacy.allowedHosts=0.0.0.0',
    ]);
    expect(allowed.byId('local-endpoint').status).toBe('pass');
    expect(allowed.byId('cloud').message).toContain('is another machine you allowed');
  });

  it('fails when local.model is not served, naming the models there are', async () => {
    const server = await startServer({ models: ['a-model', 'b-model'], handler: notOllama });
    const { byId, exitCode } = await runDoctorJson([
      `local.url=${server.url}`,
      'local.model=missing-model',
    ]);
    expect(byId('local-endpoint').status).toBe('fail');
    expect(byId('local-endpoint').message).toContain('a-model, b-model');
    expect(exitCode).toBe(1);
  });

  it('warns when a test chat is slower than the threshold', async () => {
    const server = await startServer({ models: ['slow-model'], contextLength: 8192 });
    server.enqueue(reply.text('OK', { delayMs: 600 }));
    const { byId } = await runDoctorJson([`local.url=${server.url}`], 200);
    expect(byId('local-generation').status).toBe('warn');
    expect(byId('local-generation').fix).toMatch(/GPU/);
    expect(byId('context-window').status).toBe('pass');
  });

  it('warns on a low battery that background work waits, and says how to change it', async () => {
    // No battery on these machines: HEARTH_BATTERY_FILE stands in for systeminformation's.
    const file = path.join(tempDir('hearth-power-'), 'battery.json');
    writeFileSync(file, JSON.stringify({ hasBattery: true, acConnected: false, percent: 12 }));
    process.env.HEARTH_BATTERY_FILE = file;
    try {
      const server = await startServer({ handler: notOllama });
      server.enqueue(reply.text('OK'));
      const low = await runDoctorJson([`local.url=${server.url}`]);
      expect(low.byId('power')).toEqual({
        id: 'power',
        status: 'warn',
        message: 'on battery at 12%, below 30%: background local work waits',
        fix: 'plug in, or lower the threshold (`hearth config set power.batteryThreshold 10`)',
      });
      server.enqueue(reply.text('OK'));
      const lower = await runDoctorJson([`local.url=${server.url}`, 'power.batteryThreshold=10']);
      expect(lower.byId('power')).toMatchObject({ status: 'pass' });
      expect(lower.byId('power').message).toBe(
        'on battery at 12%; background local work waits on battery below 10%',
      );
      writeFileSync(file, '{}');
      server.enqueue(reply.text('OK'));
      const unreadable = await runDoctorJson([`local.url=${server.url}`]);
      expect(unreadable.byId('power').status).toBe('warn');
      expect(unreadable.byId('power').message).toContain('could not be read');
    } finally {
      delete process.env.HEARTH_BATTERY_FILE;
    }
  });

  it.skipIf(process.platform === 'darwin')(
    'reports local-only, the service file, and repos without hooks',
    async () => {
      const repo = tempRepo();
      mkdirSync(path.join(home, 'data'), { recursive: true });
      writeFileSync(
        path.join(home, 'data', 'repos.json'),
        JSON.stringify({ version: 1, repos: [{ path: repo, addedAt: new Date().toISOString() }] }),
      );
      const unit = path.join(userHome, '.config', 'systemd', 'user', 'hearth.service');
      mkdirSync(path.dirname(unit), { recursive: true });
      writeFileSync(unit, '[Unit]\n');
      const server = await startServer({ handler: notOllama });
      server.enqueue(reply.text('OK'));
      const { byId } = await runDoctorJson([`local.url=${server.url}`, 'localOnly=true']);
      expect(byId('cloud').message).toBe('local-only: nothing leaves this machine');
      expect(byId('service').status).toBe('pass');
      expect(byId('hooks').status).toBe('warn');
      expect(byId('hooks').fix).toBe(`hearth hooks install ${repo}`);
      expect(byId('trust').status).toBe('pass');
      writeFileSync(
        path.join(repo, '.hearth.json'),
        '{"checks": [{"name": "t", "command": "true", "parser": "generic"}]}',
      );
      server.enqueue(reply.text('OK'));
      const waiting = await runDoctorJson([`local.url=${server.url}`, 'localOnly=true']);
      expect(waiting.byId('trust')).toMatchObject({ status: 'warn', fix: `hearth trust ${repo}` });
      expect(byId('inotify').status).toBe('pass');
    },
  );
});

describe('the hooks check with a hook manager', () => {
  it("asks for the line in husky's config, the one thing that clears it, and passes once it is there", async () => {
    const repo = tempRepo();
    mkdirSync(path.join(repo, '.husky'));
    writeFileSync(path.join(repo, '.husky', 'pre-commit'), 'npm test\n');
    mkdirSync(path.join(home, 'data'), { recursive: true });
    writeFileSync(
      path.join(home, 'data', 'repos.json'),
      JSON.stringify({ version: 1, repos: [{ path: repo, addedAt: new Date().toISOString() }] }),
    );
    const before = (await runDoctorJson(['localOnly=true'])).byId('hooks');
    expect(before.status).toBe('warn');
    expect(before.fix).toContain(`then add to ${path.join(repo, '.husky', 'pre-commit')}: `);
    expect(before.fix).toContain('git-common-dir)/hearth/pre-commit');
    await installHooks(repo);
    appendFileSync(
      path.join(repo, '.husky', 'pre-commit'),
      `${buildManagerLines('husky').join('\n')}\n`,
    );
    expect((await runDoctorJson(['localOnly=true'])).byId('hooks').status).toBe('pass');
  });
});

describe('the daemon check', () => {
  it('refuses a socket folder others can reach, and checks the socket mode when the daemon answers', async () => {
    const paths = resolvePaths({
      env: { HEARTH_HOME: tempDir('hearth-sock-') },
      platform: process.platform,
      homedir: userHome,
      uid: 0,
      tmpdir: '/tmp',
    });
    mkdirSync(paths.runtime, { mode: 0o755 });
    chmodSync(paths.runtime, 0o755);
    // Stands in for the daemon's status route; the check reads only pid and version.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pid: 4242, version: '0.0.0-test' }));
    });
    await new Promise<void>((resolve) => server.listen(paths.socket, resolve));
    try {
      chmodSync(paths.socket, 0o600);
      const ctx = { paths } as DoctorContext;
      // The client refuses to connect through a folder other users can reach (issue 14).
      const loose = await checkDaemon(ctx);
      expect(loose.status).toBe('fail');
      expect(loose.message).toContain('mode 755');
      chmodSync(paths.runtime, 0o700);
      chmodSync(paths.socket, 0o644);
      const looseSocket = await checkDaemon(ctx);
      expect(looseSocket.status).toBe('warn');
      expect(looseSocket.fix).toContain('chmod 600');
      chmodSync(paths.socket, 0o600);
      expect(await checkDaemon(ctx)).toMatchObject({
        status: 'pass',
        message: expect.stringContaining('pid 4242'),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
