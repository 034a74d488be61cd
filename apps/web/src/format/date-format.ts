import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The one place dates are turned into text, always through dayjs. The server sends ISO instants; they are
 * shown in China Standard Time, the time the survey's deadlines are set in (e.g. 3-20 18:00), so a deadline
 * reads the same on every filer's machine whatever its time zone.
 */
const surveyTimeZone = 'Asia/Shanghai';

/** `2026-11-10T15:59:59Z` → `2026-11-10` (China time). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(surveyTimeZone).format('YYYY-MM-DD') : '';
}

/** `2026-11-10T07:30:00Z` → `2026-11-10 15:30` (China time). */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(surveyTimeZone).format('YYYY-MM-DD HH:mm') : '';
}

/** A moment of today as `15:30:12`, of another day as `2026-11-09 15:30:12` (China time). */
export function formatMoment(iso: string, now: dayjs.Dayjs = dayjs()): string {
  const moment = dayjs(iso).tz(surveyTimeZone);
  return moment.isSame(now.tz(surveyTimeZone), 'day')
    ? moment.format('HH:mm:ss')
    : moment.format('YYYY-MM-DD HH:mm:ss');
}

/** Whether a deadline has passed. */
export function isPast(iso: string, now: dayjs.Dayjs = dayjs()): boolean {
  return dayjs(iso).isBefore(now);
}

/** Order two ISO instants, earliest first. */
export function compareInstants(left: string, right: string): number {
  return dayjs(left).valueOf() - dayjs(right).valueOf();
}

/**
 * A time picked on screen as the instant it means: the picker shows wall-clock fields, and deadlines are set in
 * China time, so 18:00 picked on a machine set to UTC is 18:00 in Beijing, not 02:00 the next day.
 */
export function surveyInstantOf(picked: dayjs.Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DD HH:mm:ss'), surveyTimeZone).toISOString();
}

/**
 * A report period by its code, in the interface language: `2026-11` → `2026年11月` / `Nov 2026`, `2025` →
 * `2025年` / `2025`. The server sends the code; the label is the web's to write.
 */
export function formatPeriod(period: string): string {
  const [year, month] = period.split('-');
  const isEnglish = dayjs.locale() === 'en';
  if (!month) return isEnglish ? year! : `${year}年`;
  return isEnglish ? dayjs(`${year}-${month}-01`).format('MMM YYYY') : `${year}年${month}月`;
}
