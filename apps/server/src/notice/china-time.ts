const chinaTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026年12月10日 18:00: an instant as notices write it, in China's time whatever the server's zone. */
export function formatChinaTime(instant: Date): string {
  const parts = Object.fromEntries(
    chinaTimeFormat.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}
