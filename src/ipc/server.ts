import { chmodSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import { BadRequest, errorMessage, HearthError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import {
  type Api,
  type CallName,
  type ErrorBody,
  MAX_BODY_BYTES,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  ROUTES,
} from './protocol.js';
import { VALIDATE } from './validate.js';

export type Handlers = {
  [K in CallName]: (request: Api[K]['request']) => Promise<Api[K]['response']> | Api[K]['response'];
};

export interface IpcServer {
  close(): Promise<void>;
}

/**
 * Serves the IPC protocol on a Unix socket with mode 0600. Each request is validated against its
 * call's shape before its handler runs; every failure becomes a JSON error answer, so no request
 * can take the daemon down.
 */
export async function startIpcServer(
  socketPath: string,
  handlers: Handlers,
  logger: Logger,
): Promise<IpcServer> {
  const byRoute = new Map<string, CallName>(
    (Object.keys(ROUTES) as CallName[]).map((name) => [
      `${ROUTES[name].method} ${ROUTES[name].path}`,
      name,
    ]),
  );

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      logger.error('IPC request failed after its answer began', { error: errorMessage(error) });
      res.destroy();
    });
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const routeKey = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    const name = byRoute.get(routeKey);
    try {
      const version = req.headers[PROTOCOL_HEADER];
      if (version !== undefined && version !== String(PROTOCOL_VERSION)) {
        throw new BadRequest(
          'protocol-mismatch',
          `this daemon speaks protocol ${PROTOCOL_VERSION}, the client ${version}; restart the daemon (hearth stop && hearth start)`,
        );
      }
      if (!name) throw new BadRequest('unknown-route', `no such call: ${routeKey}`);
      const body = await readJsonBody(req);
      const request = VALIDATE[name](body);
      const response = await (handlers[name] as (r: unknown) => unknown)(request);
      sendJson(res, 200, response);
    } catch (error) {
      // BadRequest is a HearthError: a refusal with a code, answered as such.
      if (error instanceof HearthError) {
        sendJson(res, 400, {
          error: { code: error.code, message: error.message },
        } satisfies ErrorBody);
      } else {
        logger.error(`IPC handler ${name ?? routeKey} failed`, { error });
        sendJson(res, 500, {
          error: {
            code: 'internal',
            message: `the daemon failed on ${name ?? routeKey}: ${errorMessage(error)}`,
          },
        } satisfies ErrorBody);
      }
    }
  }

  // The runtime folder is already 0700; the umask also keeps the socket 0600 from its first moment.
  const previousUmask = process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previousUmask);
  }
  chmodSync(socketPath, 0o600);
  server.on('error', (error) => logger.error('IPC server error', { error }));

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => {
        try {
          unlinkSync(socketPath);
        } catch {
          // Already gone: server.close() removes it on most platforms.
        }
      });
      return closing;
    },
  };
}

function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client still gets its answer.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('body-too-large', `request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({});
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(
          new BadRequest('bad-json', `request body is not valid JSON: ${errorMessage(error)}`),
        );
      }
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
