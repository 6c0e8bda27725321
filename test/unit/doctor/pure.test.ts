import { describe, expect, it } from 'vitest';
import { type GpuFacts, recommendModel } from '../../../src/doctor/gpu.js';
import { isAtLeast, parseVersion } from '../../../src/doctor/guard.js';
import { compareInotify, countTrackedFolders } from '../../../src/doctor/repo-checks.js';

const linux = (gpus: GpuFacts['gpus']): GpuFacts => ({
  gpus,
  platform: 'linux',
  arch: 'x64',
  totalMemBytes: 32 * 1024 ** 3,
});
const nvidia = (vramMb: number) => ({ vendor: 'NVIDIA', model: 'RTX', vramMb });

describe('recommendModel', () => {
  it.each([
    [linux([nvidia(24_576)]), 'pass', /larger variant/],
    [linux([nvidia(16_384)]), 'pass', /Gemma 4 E4B/],
    [linux([nvidia(8_192)]), 'pass', /Gemma 4 E2B/],
    [linux([nvidia(4_096)]), 'warn', /under 8 GB/],
    [linux([{ vendor: 'Intel', model: 'UHD', vramMb: 0 }, nvidia(12_288)]), 'pass', /12 GB.*E2B/],
    [linux([]), 'warn', /CPU only/],
    [linux([{ vendor: 'Intel', model: 'UHD', vramMb: 0 }]), 'warn', /CPU only/],
    [
      { ...linux([]), platform: 'darwin', arch: 'arm64' } as GpuFacts,
      'pass',
      /unified memory: 32 GB.*E4B/,
    ],
    [
      { ...linux([{ vendor: 'Apple', model: 'M2', vramMb: 0 }]), totalMemBytes: 64 * 1024 ** 3 },
      'pass',
      /unified memory: 64 GB.*larger/,
    ],
  ])('%#', (facts, status, message) => {
    const verdict = recommendModel(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.message).toMatch(message);
  });
});

describe('compareInotify', () => {
  it.each([
    [100, 8192, 'pass'],
    [6553, 8192, 'pass'],
    [6554, 8192, 'warn'],
    [3600, 4000, 'warn'],
    [0, 8192, 'pass'],
  ])('%i folders, limit %i -> %s', (folders, limit, status) => {
    const verdict = compareInotify(folders, limit);
    expect(verdict.status).toBe(status);
    if (status === 'warn') expect(verdict.fix).toMatch(/sysctl fs\.inotify\.max_user_watches=\d+/);
  });

  it('asks for at least twice the folders', () => {
    expect(compareInotify(900_000, 1_000_000).fix).toContain('max_user_watches=2097152');
  });
});

describe('countTrackedFolders', () => {
  it('counts the root and every folder above a tracked file once', () => {
    expect(countTrackedFolders([])).toBe(1);
    expect(countTrackedFolders(['a.ts', 'src/b.ts', 'src/c/d.ts', 'src/c/e.ts', 'x/y/z/f'])).toBe(
      6,
    );
  });
});

describe('versions', () => {
  it('parses and compares', () => {
    expect(parseVersion('git version 2.39.5')).toEqual([2, 39, 5]);
    expect(parseVersion('v20.19')).toEqual([20, 19, 0]);
    expect(parseVersion('none')).toBeUndefined();
    expect(isAtLeast([20, 19, 0], [20, 19])).toBe(true);
    expect(isAtLeast([20, 18, 9], [20, 19])).toBe(false);
    expect(isAtLeast([22, 0, 0], [20, 19])).toBe(true);
    expect(isAtLeast([2, 24, 9], [2, 25])).toBe(false);
  });
});
