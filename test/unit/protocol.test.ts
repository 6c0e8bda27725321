import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../src/errors.js';
import { VALIDATE } from '../../src/ipc/validate.js';

describe('request validation', () => {
  it.each([
    ['watch', { path: '/r' }, { path: '/r' }],
    ['unwatch', { path: '/r', extra: 1 }, { path: '/r' }],
    ['status', { anything: true }, {}],
  ] as const)('%s accepts %j', (name, body, expected) => {
    expect(VALIDATE[name](body)).toEqual(expected);
  });

  it.each([
    ['watch', null, 'bad-body'],
    ['watch', [], 'bad-body'],
    ['watch', 'x', 'bad-body'],
    ['watch', {}, 'bad-field'],
    ['watch', { path: 5 }, 'bad-field'],
    ['watch', { path: '' }, 'bad-field'],
    ['unwatch', { path: 'a\0b' }, 'bad-field'],
  ] as const)('%s refuses %j with %s', (name, body, code) => {
    expect(() => VALIDATE[name](body)).toThrow(BadRequest);
    try {
      VALIDATE[name](body);
    } catch (error) {
      expect((error as BadRequest).code).toBe(code);
    }
  });
});

describe('a docstring task names its target', () => {
  const base = { kind: 'docstring', messages: [{ role: 'user', content: 'Document add.' }] };
  const target = { path: 'calc.py', symbol: 'add', bodyHash: 'abc', style: 'google' };

  it('keeps a whole target', () => {
    expect(VALIDATE.submit({ ...base, target }).target).toEqual(target);
  });

  it.each([
    ['a missing field', { path: 'calc.py', symbol: 'add', style: 'google' }],
    ['an empty field', { ...target, symbol: '' }],
    ['not an object', 'calc.py:add'],
  ])('refuses %s, naming the field', (_what, bad) => {
    expect(() => VALIDATE.submit({ ...base, target: bad })).toThrow(/"target" must be/);
  });
});
