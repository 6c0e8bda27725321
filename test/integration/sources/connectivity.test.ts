import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from '../../../src/sources/connectivity.js';
import { waitFor } from '../../helpers/hearth.js';

const servers: http.Server[] = [];
const monitors: ConnectivityMonitor[] = [];
let probes = 0;

afterEach(async () => {
  for (const monitor of monitors.splice(0)) monitor.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

async function listen(port = 0): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((_req, res) => {
    probes++;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return { server, port: (server.address() as AddressInfo).port };
}

function monitor(): { monitor: ConnectivityMonitor; events: string[] } {
  const m = new ConnectivityMonitor({ minMs: 40, maxMs: 160, probeTimeoutMs: 500 });
  monitors.push(m);
  const events: string[] = [];
  for (const name of ['online', 'offline', 'local-up', 'local-down'] as const)
    m.on(name, () => events.push(name));
  return { monitor: m, events };
}

describe('ConnectivityMonitor', () => {
  it('goes offline after three failures and online again after two successes', async () => {
    const { server, port } = await listen();
    const { monitor: m, events } = monitor();
    m.use('cloud', `http://127.0.0.1:${port}/v1`);
    await waitFor('online', () => m.state('cloud') === 'up');
    expect(events).toEqual(['online']);

    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await waitFor('offline', () => m.state('cloud') === 'down');
    expect(events).toEqual(['online', 'offline']);

    await listen(port);
    await waitFor('online again', () => m.state('cloud') === 'up', 10_000);
    expect(events).toEqual(['online', 'offline', 'online']);
  });

  it('probes nothing until an endpoint is in use, and stops when it is not', async () => {
    const { port } = await listen();
    probes = 0;
    const { monitor: m } = monitor();
    await new Promise((r) => setTimeout(r, 300));
    expect(probes).toBe(0);
    expect(m.state('cloud')).toBe('unknown');

    m.use('local', `http://127.0.0.1:${port}/v1`);
    await waitFor('local up', () => m.state('local') === 'up');
    m.use('local', undefined);
    // A probe already on the wire may still land; none may start after it.
    await new Promise((r) => setTimeout(r, 150));
    const after = probes;
    await new Promise((r) => setTimeout(r, 400));
    expect(probes).toBe(after);
  });

  it('counts failed real requests', async () => {
    const { port } = await listen();
    const { monitor: m, events } = monitor();
    m.use('local', `http://127.0.0.1:${port}/v1`);
    await waitFor('local up', () => m.state('local') === 'up');
    m.report('local', false);
    m.report('local', false);
    m.report('local', false);
    expect(m.state('local')).toBe('down');
    expect(events).toEqual(['local-up', 'local-down']);
  });

  it('treats a refused connection as unreachable and any HTTP status as reachable', async () => {
    const { monitor: m } = monitor();
    const { port } = await listen();
    m.use('cloud', `http://127.0.0.1:${port}/nothing-here`);
    await waitFor('reachable despite 404', () => m.state('cloud') === 'up');
    m.use('cloud', 'http://127.0.0.1:1/v1');
    await waitFor('refused means down', () => m.state('cloud') === 'down');
  });
});
