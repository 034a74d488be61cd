import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config.ts';
import { englishMessages } from './english-messages.ts';
import { translateMessage, translateNotice } from './message-language.ts';
import { scanUiMessages } from './ui-messages.scan.ts';

describe('the English of the server’s messages', () => {
  it('has an entry for every Chinese message written in the server and contracts sources', () => {
    const found = scanUiMessages([
      path.join(repoRoot, 'apps/server/src'),
      path.join(repoRoot, 'packages/contracts/src'),
    ]);
    // The scan itself must see the messages (a broken scan would pass with nothing found).
    expect(found.map((message) => message.key)).toEqual(
      expect.arrayContaining(['{}不存在或无权访问', '登录已失效，请重新登录', '用户名或密码错误']),
    );
    const missing = found
      .filter((message) => englishMessages[message.key] === undefined)
      .map((message) => `${path.relative(repoRoot, message.file)}:${message.line} ${message.key}`);
    expect(missing).toEqual([]);
  });

  it('numbers each placeholder of a template in English as the Chinese has them', () => {
    const problems = Object.entries(englishMessages).flatMap(([chinese, english]) => {
      const count = chinese.split('{}').length - 1;
      const used = new Set([...english.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1])));
      const expected = new Set(Array.from({ length: count }, (_, index) => index));
      return [...used].sort().join() === [...expected].sort().join() ? [] : [chinese];
    });
    expect(problems).toEqual([]);
  });

  it('translates the interpolated parts too: words, levels, periods and lists', () => {
    expect(translateMessage('报表不存在或无权访问', 'en')).toBe('Filing not found or not accessible');
    expect(translateMessage('本辖区2026年11月的任务已发布', 'en')).toBe(
      'The task for Nov 2026 has already been published in your jurisdiction',
    );
    expect(translateMessage('更正申请由终审的省级管理员处理，本级仅可查看', 'en')).toBe(
      'Change requests are decided by the province administrators of the final review; this level can only view them',
    );
    expect(translateMessage('文件的报告期是2024年03月，与本任务的报告期2024年04月不一致', 'en')).toBe(
      "The file's report period is Mar 2024, not this task's report period Apr 2024",
    );
    expect(translateMessage('应依次设置区县、市级、省级各级', 'en')).toBe(
      'Set the levels county, city, province in order',
    );
    expect(translateMessage('报表已上报至市级，不能审核', 'en')).toBe(
      'The filing is submitted to the city; it cannot be reviewed',
    );
    expect(translateMessage('报表不存在或无权访问', 'zh')).toBe('报表不存在或无权访问');
  });

  it('writes the system’s notices in English and keeps the words people wrote (issue 16)', () => {
    // A return: the label is translated, the reason and the cells' comments stay as the administrator wrote them.
    expect(translateNotice('退回原因：请核实2026年5月的收入\n2010 主营业务收入：偏高', 'en')).toBe(
      'Reason for return: 请核实2026年5月的收入\n2010 主营业务收入：偏高',
    );
    // Decisions: quoted task names as written, periods and China times in English.
    expect(translateNotice('您申请的“[市级]2026年软件业年报”未通过审批。\n原因：不属于本行业', 'en')).toBe(
      'Your application for “[市级]2026年软件业年报” was refused.\nReason: 不属于本行业',
    );
    expect(
      translateNotice('市级已同意您的更正申请，报表已退回。请于2026年12月10日18:00前修改后重新上报。', 'en'),
    ).toBe(
      'The city granted your change request and returned the filing. Correct and resubmit it before 2026-12-10 18:00 (China time).',
    );
    expect(
      translateNotice(
        '2026年11月任务“[部级]月报”的填报截止时间延至 2026年12月20日 18:00。\n原因：系统升级',
        'en',
      ),
    ).toBe(
      'The deadline of the Nov 2026 task “[部级]月报” was extended to 2026-12-20 18:00 (China time).\nReason: 系统升级',
    );
    // An administrator's message of its own stays as written.
    expect(translateNotice('请各区县本周内完成审核', 'en')).toBe('请各区县本周内完成审核');
    expect(translateNotice('退回原因：重复', 'zh')).toBe('退回原因：重复');
  });
});
