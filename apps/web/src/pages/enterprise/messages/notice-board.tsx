import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { fetchNotices, markAllNoticesRead, markNoticeRead, type NoticeList } from '../../../api/notice.api';
import { useApiQuery } from '../../../api/use-api-query';

interface NoticeBoard {
  notices: NoticeList | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => void;
  markRead: (noticeId: string) => Promise<void>;
  markAllRead: () => Promise<void>;
}

const NoticeBoardContext = createContext<NoticeBoard | null>(null);

/** How often an open app looks for new notices (催报 and 退回 arrive while a filer works). */
const refreshIntervalMs = 60_000;

/**
 * 消息: the enterprise's notices, loaded once for the menu's unread count, the home page and the 消息 page, and
 * refreshed every minute and whenever the window regains focus.
 */
export function NoticeBoardProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery((signal) => fetchNotices(signal), []);
  const { reload } = query;

  useEffect(() => {
    const timer = window.setInterval(reload, refreshIntervalMs);
    window.addEventListener('focus', reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', reload);
    };
  }, [reload]);

  const markRead = useCallback(
    async (noticeId: string) => {
      await markNoticeRead(noticeId);
      reload();
    },
    [reload],
  );
  const markAllRead = useCallback(async () => {
    await markAllNoticesRead();
    reload();
  }, [reload]);

  const board = useMemo<NoticeBoard>(
    () => ({
      notices: query.data,
      error: query.error,
      isLoading: query.isLoading,
      reload,
      markRead,
      markAllRead,
    }),
    [query.data, query.error, query.isLoading, reload, markRead, markAllRead],
  );
  return <NoticeBoardContext.Provider value={board}>{children}</NoticeBoardContext.Provider>;
}

export function useNoticeBoard(): NoticeBoard {
  const board = useContext(NoticeBoardContext);
  if (!board) throw new Error('useNoticeBoard outside NoticeBoardProvider');
  return board;
}
