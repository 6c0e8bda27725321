import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/errors.js';
import { callDaemon } from '../../src/ipc/client.js';
import { PROTOCOL_HEADER } from '../../src/ipc/protocol.js';
import { type Handlers, startIpcServer } from '../../src/ipc/server.js';
import { closeLogger, createLogger } from '../../src/log/logger.js';
import {
  CLI,
  cleanup,
  hearthEnv,
  homePaths,
  startDaemon,
  tempDir,
  tempHome,
} from '../helpers/hearth.js';

afterEach(cleanup);

/** A raw HTTP request on the socket, for requests the typed client would never send. */
function rawRequest(
  socketPath: string,
  method: string,
  urlPath: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: urlPath, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('IPC server in the daemon', () => {
  it('answers malformed requests with 400 and stays up', async () => {
    const home = tempHome();
    await startDaemon(home);
    const { socket } = homePaths(home);

    const cases: Array<[string, string, string | undefined, Record<string, string>, string]> = [
      ['POST', '/v1/repos/watch', '{not json', {}, 'bad-json'],
      ['GET', '/v1/nope', undefined, {}, 'unknown-route'],
      ['DELETE', '/v1/status', undefined, {}, 'unknown-route'],
      ['POST', '/v1/repos/watch', '{"path": 5}', {}, 'bad-field'],
      ['POST', '/v1/repos/watch', '[]', {}, 'bad-body'],
      ['POST', '/v1/repos/watch', '{}', {}, 'bad-field'],
      ['POST', '/v1/tasks/batch', '{"requests": []}', {}, 'bad-field'],
      ['POST', '/v1/tasks/batch', '{"requests": [{"kind": "nope"}]}', {}, 'bad-field'],
      ['POST', '/v1/tasks/get-many', '{"ids": "t1"}', {}, 'bad-field'],
      ['GET', '/v1/status', undefined, { [PROTOCOL_HEADER]: '99' }, 'protocol-mismatch'],
      [
        'POST',
        '/v1/repos/watch',
        JSON.stringify({ path: 'x'.repeat(2 * 1024 * 1024) }),
        {},
        'body-too-large',
      ],
    ];
    for (const [method, urlPath, body, headers, code] of cases) {
      const answer = await rawRequest(socket, method, urlPath, body, headers);
      expect({ urlPath, status: answer.status, code: answer.body.error?.code }).toEqual({
        urlPath,
        status: 400,
        code,
      });
      expect(answer.body.error?.message.length).toBeGreaterThan(0);
    }
    const status = await rawRequest(socket, 'GET', '/v1/status');
    expect(status.status).toBe(200);
    expect(status.body.pid).toBeGreaterThan(0);
  });

  it('submits many tasks in one call and reads them back in one call', async () => {
    const home = tempHome();
    // No local model answers (port 9): the tasks stay unfinished and are read as they are.
    await startDaemon(home, {
      env: { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1', HEARTH_LOCAL_MODEL: 'm' },
    });
    const { socket } = homePaths(home);
    const request = (n: number) => ({
      kind: 'docstring' as const,
      idempotencyKey: `doc-${n}`,
      messages: [{ role: 'user' as const, content: `Document f${n}.` }],
    });
    const { results } = await callDaemon(socket, 'submitMany', {
      requests: [request(1), request(2), request(1)],
    });
    expect(results.map((r) => r.created)).toEqual([true, true, false]);
    expect(results[2]?.task.id).toBe(results[0]?.task.id);
    const ids = results.slice(0, 2).map((r) => r.task.id);
    const { tasks } = await callDaemon(socket, 'tasks', { ids });
    expect(tasks.map((t) => t.task.id)).toEqual(ids);
    expect(tasks.map((t) => t.task.kind)).toEqual(['docstring', 'docstring']);
    await expect(callDaemon(socket, 'tasks', { ids: ['nope'] })).rejects.toMatchObject({
      code: 'unknown-task',
    });
  });

  it('keeps the socket and its files 0600 in 0700 folders even under a permissive umask', async () => {
    const home = tempHome();
    // Start through a shell with umask 000, so only the daemon's own care keeps the modes tight.
    execFileSync('sh', ['-c', `umask 000; exec "${process.execPath}" "${CLI}" start`], {
      env: hearthEnv(home),
    });
    const { socket, runtime, lock, userConfig, log } = homePaths(home);
    expect(statSync(runtime).mode & 0o777).toBe(0o700);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(userConfig)).mode & 0o777).toBe(0o700);
  });

  it('has no TCP listener', async () => {
    const home = tempHome();
    const pid = await startDaemon(home);
    // /proc/net/tcp lists sockets by inode; none of the daemon's file descriptors may be one.
    const inodes = new Set(
      ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
        execFileSync('cat', [file], { encoding: 'utf8' })
          .split('\n')
          .slice(1)
          .map((line) => line.trim().split(/\s+/)[9])
          .filter(Boolean),
      ),
    );
    const fds = execFileSync('ls', ['-l', `/proc/${pid}/fd`], { encoding: 'utf8' });
    const socketInodes = [...fds.matchAll(/socket:\[(\d+)\]/g)].map((m) => m[1]);
    expect(socketInodes.length).toBeGreaterThan(0);
    expect(socketInodes.filter((inode) => inodes.has(inode))).toEqual([]);
  });
});

describe('IPC server module', () => {
  it('turns a throwing handler into a 500 answer and keeps serving', async () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'ipc.log');
    const logger = createLogger({
      file: logFile,
      level: 'info',
      maxBytes: 1 << 20,
      maxFiles: 1,
      console: false,
    });
    const socket = path.join(dir, 's.sock');
    const handlers = {
      status: () => {
        throw new Error('handler exploded');
      },
      repos: async () => ({ repos: [] }),
      watch: async () => {
        throw new HearthError('not-a-work-tree', '/x is not inside a git work tree');
      },
    } as unknown as Handlers;
    const server = await startIpcServer(socket, handlers, logger);
    try {
      await expect(callDaemon(socket, 'status', {})).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringContaining('handler exploded'),
      });
      await expect(callDaemon(socket, 'watch', { path: '/x' })).rejects.toMatchObject({
        code: 'not-a-work-tree',
      });
      await expect(callDaemon(socket, 'repos', {})).resolves.toEqual({ repos: [] });
    } finally {
      await server.close();
      await closeLogger(logger);
    }
    expect(readFileSync(logFile, 'utf8')).toContain('handler exploded');
    expect(() => statSync(socket)).toThrow();
  });

  it('reads an error code it does not know (another version) as daemon-error, keeping the message', async () => {
    const dir = tempDir();
    const socket = path.join(dir, 'other.sock');
    const server = http.createServer((req, res) => {
      const code = req.url === '/v1/status' ? 'some-future-code' : 'not-watched';
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message: `refused: ${code}` } }));
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await expect(callDaemon(socket, 'status', {})).rejects.toMatchObject({
        code: 'daemon-error',
        message: 'refused: some-future-code',
      });
      await expect(callDaemon(socket, 'repos', {})).rejects.toMatchObject({
        code: 'not-watched',
        message: 'refused: not-watched',
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('times out on a daemon that accepts but never answers', async () => {
    const dir = tempDir();
    const socket = path.join(dir, 'hang.sock');
    const server = http.createServer(() => {
      // Never answer.
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await expect(callDaemon(socket, 'status', {}, { timeoutMs: 300 })).rejects.toMatchObject({
        code: 'daemon-timeout',
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
