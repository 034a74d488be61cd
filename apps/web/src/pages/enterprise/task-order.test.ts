import { describe, expect, it } from 'vitest';
import type { EnterpriseTask, FilingStatus } from '../../api/enterprise.api';
import { sortTasksForFiler, tasksToDo } from './task-order';

function task(taskId: string, status: FilingStatus, closesAt: string): EnterpriseTask {
  return {
    taskId,
    taskName: taskId,
    periodType: 'month',
    period: '2026-10',
    periodLabel: '2026年10月',
    opensAt: '2026-11-01T00:00:00Z',
    closesAt,
    filingId: null,
    status,
    pendingLevel: null,
    submittedAt: null,
    isWindowOpen: true,
    allowedActions: [],
  };
}

describe('sortTasksForFiler', () => {
  it('puts returned filings first, then open work by nearest deadline, then finished work', () => {
    const sorted = sortTasksForFiler([
      task('approved', 'approved', '2026-01-10T00:00:00Z'),
      task('later-draft', 'draft', '2026-12-10T00:00:00Z'),
      task('submitted', 'submitted', '2026-01-10T00:00:00Z'),
      task('returned', 'returned', '2026-12-31T00:00:00Z'),
      task('sooner-draft', 'draft', '2026-11-10T00:00:00Z'),
      task('new', 'not_started', '2026-11-10T00:00:00Z'),
    ]);
    expect(sorted.map((item) => item.taskId)).toEqual([
      'returned',
      'sooner-draft',
      'later-draft',
      'new',
      'submitted',
      'approved',
    ]);
  });
});

describe('tasksToDo', () => {
  it('lists only filings the filer can act on now: not submitted, not approved, window open', () => {
    const closed = { ...task('closed-draft', 'draft', '2026-01-10T00:00:00Z'), isWindowOpen: false };
    const todo = tasksToDo([
      task('approved', 'approved', '2026-12-10T00:00:00Z'),
      task('submitted', 'submitted', '2026-12-10T00:00:00Z'),
      closed,
      task('draft', 'draft', '2026-12-10T00:00:00Z'),
      task('returned', 'returned', '2026-12-31T00:00:00Z'),
    ]);
    expect(todo.map((item) => item.taskId)).toEqual(['returned', 'draft']);
  });
});
