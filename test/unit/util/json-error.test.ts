import { describe, expect, it } from 'vitest';
import { parseTrustFile } from '../../../src/config/trust.js';
import { parseRepoList } from '../../../src/repos/registry.js';
import { describeJsonError, findJsonErrorOffset } from '../../../src/util/json-error.js';

describe('findJsonErrorOffset', () => {
  it.each([
    ['{}', undefined],
    [' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} \n', undefined],
    ['"just a string"', undefined],
    ['{bad', 1],
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{"a": 1', 7],
    ['', 0],
    ['{"a": 01}', 7],
    ['{"a": "tab\there"}', 10],
    ['{"a": "\\x"}', 7],
    ['{} {}', 3],
    ['garbage', 0],
  ])('%j -> %s', (text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
    // The scanner agrees with JSON.parse on what is valid.
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(offset === undefined).toBe(valid);
  });

  it('does not throw on absurd nesting', () => {
    expect(() => findJsonErrorOffset('['.repeat(200_000))).not.toThrow();
  });
});

describe('describeJsonError', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": ]\n}', 'not valid JSON at line 3, column 8'],
    ['{\n  "a": 1,\n', 'not valid JSON: it ends too early (line 3)'],
    ['\uFEFF{"a" 1}', 'not valid JSON at line 1, column 6'],
  ])('%j', (text, message) => {
    expect(describeJsonError(text)).toBe(message);
  });
});

describe('state files read as data', () => {
  it.each([
    [
      '{"version":1,"repos":[{"path":"/r","addedAt":"t"}, {"path":3}]}',
      [{ path: '/r', addedAt: 't' }],
    ],
    ['{"version":1}', { problem: 'it holds no "repos" list' }],
    ['null', { problem: 'it holds no "repos" list' }],
    ['{"repos": [', { problem: 'not valid JSON: it ends too early (line 1)' }],
  ])('repos.json %j', (text, expected) => {
    expect(parseRepoList(text)).toEqual(expected);
  });

  it.each([
    ['{"version":1,"repos":{}}', { version: 1, repos: {} }],
    ['{"version":2,"repos":{}}', { problem: 'it is not a version 1 trust file' }],
    ['{"version":1,"repos":[]}', { problem: 'it holds no "repos" object' }],
    ['{"version":1,', { problem: 'not valid JSON: it ends too early (line 1)' }],
  ])('trusted-checks.json %j', (text, expected) => {
    expect(parseTrustFile(text)).toEqual(expected);
  });
});
