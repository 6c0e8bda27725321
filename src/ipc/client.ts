import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { DaemonNotRunningError, HearthError, isErrorCode } from '../errors.js';
import { verifyRuntimeDir } from '../util/runtime-dir.js';
import { type Api, type CallName, PROTOCOL_HEADER, PROTOCOL_VERSION, ROUTES } from './protocol.js';

export interface CallOptions {
  timeoutMs?: number;
}

/**
 * Calls the daemon over its Unix socket. Throws DaemonNotRunningError when nothing listens there,
 * and a HearthError carrying the daemon's error code otherwise. Refuses (`unsafe-runtime-dir`)
 * before connecting when another user could control the socket's folder: requests carry code.
 * Imports little, since every CLI command and hook starts here.
 */
export function callDaemon<K extends CallName>(
  socketPath: string,
  name: K,
  body: Api[K]['request'],
  options: CallOptions = {},
): Promise<Api[K]['response']> {
  try {
    verifyRuntimeDir(path.dirname(socketPath), socketPath);
  } catch (error) {
    return Promise.reject(error);
  }
  const route = ROUTES[name];
  const payload = route.method === 'GET' ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        // Our own connection, not the global agent's: the agent works out a TLS server name by
        // matching the host against its IPv6 pattern, ~8 ms on the first call of every CLI run.
        createConnection: () => net.connect(socketPath),
        method: route.method,
        path: route.path,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            reject(
              new HearthError(
                'bad-response',
                `the daemon sent a reply that is not JSON: ${text.slice(0, 200)}`,
              ),
            );
            return;
          }
          if ((res.statusCode ?? 500) >= 400) {
            // The daemon's word: a code this CLI does not know (a daemon of another version)
            // reads as daemon-error.
            const error = (parsed as { error?: { code?: unknown; message?: string } }).error;
            reject(
              new HearthError(
                isErrorCode(error?.code) ? error.code : 'daemon-error',
                error?.message ?? `daemon answered ${res.statusCode}`,
              ),
            );
            return;
          }
          resolve(parsed as Api[K]['response']);
        });
      },
    );
    // Set here: the `timeout` request option is applied by the agent, which this call skips.
    req.setTimeout(options.timeoutMs ?? 10_000);
    req.on('timeout', () => {
      req.destroy(
        new HearthError(
          'daemon-timeout',
          `the daemon did not answer ${name} within ${options.timeoutMs ?? 10_000} ms`,
        ),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'ENOTSOCK') {
        reject(new DaemonNotRunningError(socketPath));
      } else {
        reject(error);
      }
    });
    req.end(payload);
  });
}
