/** When a filing may be edited and submitted: the task's window, or the extension an administrator granted. */
export interface FilingWindow {
  opensAt: Date;
  closesAt: Date;
  isExtended: boolean;
}

export function filingWindowOf(
  task: { opens_at: Date; closes_at: Date },
  filing: { deadline_extended_until: Date | null } | undefined,
): FilingWindow {
  const extension = filing?.deadline_extended_until ?? null;
  const isExtended = extension !== null && extension > task.closes_at;
  return { opensAt: task.opens_at, closesAt: isExtended ? extension : task.closes_at, isExtended };
}

const chinaDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** '2026年11月15日18:00' in China time, however the server's clock is set. */
export function formatChinaDateTime(date: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    chinaDateTime.formatToParts(date).find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日${part('hour')}:${part('minute')}`;
}

/** Why the window does not allow editing or submitting now, in words a filer can act on; null when open. */
export function filingWindowRefusal(window: FilingWindow, now: Date): string | null {
  if (now < window.opensAt) {
    return `填报期将于${formatChinaDateTime(window.opensAt)}开始，目前不能填报`;
  }
  if (now > window.closesAt) {
    const what = window.isExtended ? '延期填报期' : '填报期';
    return `${what}已于${formatChinaDateTime(window.closesAt)}截止，不能修改或上报；如需补报，请联系所在区县统计管理部门申请延期`;
  }
  return null;
}
