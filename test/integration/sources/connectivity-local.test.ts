import { afterEach, describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from '../../../src/sources/connectivity.js';
import { waitFor } from '../../helpers/hearth.js';

/** The local endpoint: down at once when a request finds nothing, up again at one answer. */

const monitors: ConnectivityMonitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.close();
});

/** A monitor whose probe answers as `answering` says, counting the probes. */
function scripted(options: { minMs?: number; maxMs?: number; localMaxMs?: number } = {}) {
  const probe = { answering: true, count: 0 };
  const m = new ConnectivityMonitor({
    minMs: options.minMs ?? 30,
    maxMs: options.maxMs ?? 100,
    localMaxMs: options.localMaxMs,
    random: () => 0.5,
    probe: async () => {
      probe.count++;
      return probe.answering;
    },
  });
  monitors.push(m);
  const events: string[] = [];
  m.on('local-up', () => events.push('local-up'));
  m.on('local-down', () => events.push('local-down'));
  return { monitor: m, probe, events };
}

describe('ConnectivityMonitor, local endpoint', () => {
  it('markDown makes it down at once, and one answering probe brings it up', async () => {
    const { monitor: m, probe, events } = scripted();
    m.use('local', 'http://127.0.0.1:1/v1');
    await waitFor('up', () => m.state('local') === 'up');
    probe.answering = false;
    m.markDown('local');
    expect(m.state('local')).toBe('down');
    expect(events).toEqual(['local-up', 'local-down']);
    probe.answering = true;
    const before = probe.count;
    await waitFor('up again', () => m.state('local') === 'up', 2000);
    expect(probe.count - before).toBe(1);
    expect(events).toEqual(['local-up', 'local-down', 'local-up']);
  });

  it('markDown on a tier not in use changes nothing', () => {
    const { monitor: m, events } = scripted();
    m.markDown('local');
    expect(m.state('local')).toBe('unknown');
    expect(events).toEqual([]);
  });

  it('keeps probing a down local endpoint at most every localMaxMs, however long maxMs', async () => {
    const { monitor: m, probe } = scripted({ minMs: 20, maxMs: 60_000, localMaxMs: 40 });
    probe.answering = false;
    m.use('local', 'http://127.0.0.1:1/v1');
    await waitFor('down', () => m.state('local') === 'down');
    const before = probe.count;
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Without the cap the interval would have doubled past 400 ms after a few probes.
    expect(probe.count - before).toBeGreaterThanOrEqual(5);
  });
});
