import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookStateDirIn } from '../../../src/service/hook-state.js';
import { parseHookEvents, takeHookEvents } from '../../../src/sources/hook-events.js';

describe('parseHookEvents', () => {
  it('reads events with their args, and stdin lines into the event before them', () => {
    const text = [
      'post-commit 1764140000',
      'post-checkout 1764140001 aaa bbb 1',
      'pre-push 1764140002 origin /tmp/origin.git',
      'pre-push-ref refs/heads/main 111 refs/heads/main 000',
      'post-rewrite 1764140003 amend',
      'post-rewrite-ref 222 333',
      'pre-push-ref stray 1 2 3',
      'garbage line here',
      '',
    ].join('\n');
    expect(parseHookEvents(text)).toEqual([
      { hook: 'post-commit', at: 1764140000000, args: [] },
      { hook: 'post-checkout', at: 1764140001000, args: ['aaa', 'bbb', '1'] },
      {
        hook: 'pre-push',
        at: 1764140002000,
        args: ['origin', '/tmp/origin.git'],
        refs: ['refs/heads/main 111 refs/heads/main 000'],
      },
      { hook: 'post-rewrite', at: 1764140003000, args: ['amend'], refs: ['222 333'] },
    ]);
  });

  it('gives the events file’s time to events written without one (0), and keeps older hooks’ times', () => {
    const text = 'post-commit 0\npre-push 0 origin url\npost-merge 1764140000 0\n';
    expect(parseHookEvents(text, 1796000000123)).toEqual([
      { hook: 'post-commit', at: 1796000000123, args: [] },
      { hook: 'pre-push', at: 1796000000123, args: ['origin', 'url'] },
      { hook: 'post-merge', at: 1764140000000, args: ['0'] },
    ]);
  });
});

describe('takeHookEvents', () => {
  it('takes the events once; a later append starts afresh', async () => {
    const gitDir = mkdtempSync(path.join(os.tmpdir(), 'hearth-events-'));
    try {
      expect(await takeHookEvents(gitDir)).toEqual([]);
      const state = hookStateDirIn(gitDir);
      mkdirSync(state, { recursive: true });
      writeFileSync(path.join(state, 'events'), 'post-commit 1\npost-merge 2 0\n');
      // Another home's events, and an older version's shared file, are not this home's.
      mkdirSync(hookStateDirIn(gitDir, 'bbbbbbbbbbbb'));
      writeFileSync(path.join(hookStateDirIn(gitDir, 'bbbbbbbbbbbb'), 'events'), 'pre-push 3\n');
      writeFileSync(path.join(gitDir, 'hearth', 'events'), 'post-checkout 4\n');
      expect((await takeHookEvents(gitDir)).map((e) => e.hook)).toEqual([
        'post-commit',
        'post-merge',
      ]);
      expect(await takeHookEvents(gitDir)).toEqual([]);
    } finally {
      rmSync(gitDir, { recursive: true, force: true });
    }
  });

  it('keeps a line a hook writes into the file it opened just before the take', async () => {
    const gitDir = mkdtempSync(path.join(os.tmpdir(), 'hearth-events-'));
    try {
      const state = hookStateDirIn(gitDir);
      mkdirSync(state, { recursive: true });
      // A hook's `>>`: the file opened, then written; the daemon moves it aside in between.
      const fd = openSync(path.join(state, 'events'), 'a');
      writeSync(fd, 'post-commit 1\n');
      const taking = takeHookEvents(gitDir, { settleMs: 100 });
      writeSync(fd, 'pre-push 2 origin /tmp/o.git\npre-push-ref a 1 b 0\n');
      closeSync(fd);
      const events = await taking;
      expect(events.map((e) => e.hook)).toEqual(['post-commit', 'pre-push']);
      expect(readdirSync(state)).toEqual([]);
    } finally {
      rmSync(gitDir, { recursive: true, force: true });
    }
  });
});
