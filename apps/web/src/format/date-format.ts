import dayjs from 'dayjs';

/**
 * The one place dates are turned into text, always through dayjs. The server sends ISO instants;
 * they are shown in the browser's time zone, as the survey's deadlines are set in China time.
 */

/** `2026-11-10T15:59:59Z` → `2026-11-10`. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '';
}

/** `2026-11-10T07:30:00Z` → `2026-11-10 15:30`. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
}

/** Whether a deadline has passed. */
export function isPast(iso: string, now: dayjs.Dayjs = dayjs()): boolean {
  return dayjs(iso).isBefore(now);
}

/** Order two ISO instants, earliest first. */
export function compareInstants(left: string, right: string): number {
  return dayjs(left).valueOf() - dayjs(right).valueOf();
}
