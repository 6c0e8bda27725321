import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/errors.js';
import { createConsoleLogger } from '../../src/log/logger.js';
import {
  DeferredSubmits,
  DISK_FULL_CODE,
  isWriteRefused,
} from '../../src/runner/deferred-submits.js';
import type { SubmitRequest } from '../../src/runner/types.js';

describe('isWriteRefused', () => {
  it.each([
    ['SQLITE_FULL', true],
    ['SQLITE_IOERR_WRITE', true],
    ['SQLITE_IOERR', true],
    ['ENOSPC', true],
    ['EDQUOT', true],
    ['EIO', true],
    ['SQLITE_BUSY', false],
    ['SQLITE_CORRUPT', false],
    ['EIOX', false],
    ['never-send', false],
    [undefined, false],
  ])('%s -> %s', (code, refused) => {
    expect(isWriteRefused(Object.assign(new Error('x'), { code }))).toBe(refused);
  });
});

const request = (key: string): SubmitRequest & { idempotencyKey: string } => ({
  kind: 'docstring',
  messages: [{ role: 'user', content: key }],
  idempotencyKey: key,
});

describe('DeferredSubmits', () => {
  it('submits kept requests in order, stops while the disk still refuses, keeps at most `max`', () => {
    let diskFull = true;
    const submitted: string[] = [];
    const deferred = new DeferredSubmits({
      submit: (r) => {
        if (diskFull) throw new HearthError(DISK_FULL_CODE, 'full');
        submitted.push(r.idempotencyKey as string);
      },
      logger: createConsoleLogger('error'),
      max: 3,
      retryMs: 60_000,
    });
    for (const key of ['a', 'b', 'c', 'b', 'd']) deferred.keep(request(key));
    expect(deferred.size).toBe(3);
    deferred.retry();
    expect(submitted).toEqual([]);
    diskFull = false;
    deferred.retry();
    // 'a' was the oldest when 'd' came; 'b' kept its place.
    expect(submitted).toEqual(['b', 'c', 'd']);
    expect(deferred.size).toBe(0);
    deferred.close();
  });

  it('drops a request that fails for another reason, and goes on', () => {
    const submitted: string[] = [];
    const deferred = new DeferredSubmits({
      submit: (r) => {
        if (r.idempotencyKey === 'bad') throw new HearthError('never-send', 'no');
        submitted.push(r.idempotencyKey as string);
      },
      logger: createConsoleLogger('error'),
    });
    deferred.keep(request('bad'));
    deferred.keep(request('good'));
    deferred.retry();
    expect(submitted).toEqual(['good']);
    expect(deferred.size).toBe(0);
  });
});
