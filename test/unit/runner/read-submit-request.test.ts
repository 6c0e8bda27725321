import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../../src/errors.js';
import { readSubmitRequest } from '../../../src/runner/read-submit-request.js';

const base = { kind: 'fix', messages: [{ role: 'user', content: 'Fix it.' }] };
const fix = {
  path: 'a.ts',
  check: 'tsc',
  fingerprint: 'f1',
  line: 3,
  message: 'x is unused',
  baseline: ['f1'],
};
const review = { label: 'HEAD', base: 'abc', head: 'def', focus: 'security' };
const floor = { localOnly: true, cloudMode: 'off', cloudPolicy: 'never', neverSend: ['*.pem'] };

describe('readSubmitRequest', () => {
  it('keeps a whole request, each kind part and the privacy floor as given', () => {
    const request = { ...base, fix, review, floor, priority: 'interactive', prefer: 'local' };
    expect(readSubmitRequest(request)).toEqual(request);
  });

  it.each([
    ['a kind it does not know', { ...base, kind: 'gateway' }, /"kind" must be docstring \| fix/],
    ['no messages', { ...base, messages: [] }, /"messages" must be/],
    ['a fix without its baseline', { ...base, fix: { ...fix, baseline: undefined } }, /"fix"/],
    ['a review of an unknown focus', { ...base, review: { ...review, focus: 'x' } }, /"review"/],
    [
      'a floor missing neverSend',
      { ...base, floor: { ...floor, neverSend: undefined } },
      /"floor"/,
    ],
    ['a priority it does not know', { ...base, priority: 'urgent' }, /"priority"/],
  ])('refuses %s with bad-field, naming the field', (_what, body, message) => {
    expect(() => readSubmitRequest(body)).toThrow(message);
    expect(() => readSubmitRequest(body)).toThrow(BadRequest);
  });

  it('refuses what is not an object with bad-body', () => {
    expect(() => readSubmitRequest([base])).toThrow(expect.objectContaining({ code: 'bad-body' }));
  });
});
