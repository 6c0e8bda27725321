import { describe, expect, it } from 'vitest';
import { followTask } from '../../../src/tasks/review/state.js';

describe('followTask', () => {
  it.each([
    ['pending', 'waiting', 'waiting'],
    ['pending', 'failed', 'failed'],
    ['pending', 'cancelled', 'cancelled'],
    ['pending', 'superseded', 'cancelled'],
    ['pending', 'queued', 'pending'],
    ['pending', 'running', 'pending'],
    ['pending', undefined, 'pending'],
    ['done', 'failed', 'done'],
    ['failed', 'waiting', 'failed'],
    ['cancelled', 'waiting', 'cancelled'],
  ])('a %s review whose task is %s shows %s', (review, task, shown) => {
    expect(followTask(review, task)).toBe(shown);
  });
});
