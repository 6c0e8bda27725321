import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { DETECT_LOCAL, ModelRuntime } from '../../../src/runner/model-runtime.js';

/** What the connectivity monitor watches for the local tier. */
const runtimeWith = (env: Record<string, string>) =>
  new ModelRuntime(() => resolveConfig({ env }).values);

describe('ModelRuntime.localWatchUrl', () => {
  it.each<[string, Record<string, string>, boolean, string | undefined]>([
    ['no local.url, nothing waits: nothing to watch', {}, false, undefined],
    ['no local.url, tasks wait: detection itself', {}, true, DETECT_LOCAL],
    [
      'a configured local.url, tasks wait',
      { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1' },
      true,
      'http://127.0.0.1:9/v1',
    ],
    [
      'a configured local.url, nothing waits',
      { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1' },
      false,
      'http://127.0.0.1:9/v1',
    ],
  ])('%s', (_what, env, waiting, expected) => {
    expect(runtimeWith(env).localWatchUrl(waiting)).toBe(expected);
  });
});
