import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { isApiError, onSessionExpired } from '../api/http-client';
import {
  adoptSession,
  fetchCurrentUser,
  logIn,
  logOut,
  type CurrentUser,
  type LogInRequest,
} from '../api/session.api';

type SessionState =
  | { status: 'loading'; user: null }
  /** `reason` tells the login page whether to explain an expiry and whether to come back afterwards. */
  | { status: 'anonymous'; user: null; reason: 'no-session' | 'expired' | 'signed-out' }
  /**
   * `isExpired`: the session ended while a page held it (a form with unsynced work); it asks to log in again.
   * `isOffline`: the app started without network; the user is the one last signed in here, and the session is
   * confirmed (and its CSRF token fetched) once the network is back.
   */
  | { status: 'authenticated'; user: CurrentUser; isExpired?: boolean; isOffline?: boolean }
  | { status: 'failed'; user: null; error: unknown };

export interface Session {
  state: SessionState;
  signIn: (credentials: LogInRequest) => Promise<CurrentUser>;
  signOut: () => Promise<void>;
  /** Takes a session opened by registration. */
  adopt: (session: { user: CurrentUser; csrfToken: string }) => void;
  /** Reloads the user after verification, binding or a profile change. */
  refresh: () => Promise<void>;
  /** The session ended elsewhere (log out everywhere): back to the login page. */
  forget: () => void;
  /**
   * Keeps the page when the session expires, for as long as the returned release is not called: the state stays
   * authenticated with `isExpired`, and the page asks for the password in a dialog instead of leaving for the
   * login page (a form with unsynced work must not be navigated away from).
   */
  holdExpiry: () => () => void;
}

const SessionContext = createContext<Session | null>(null);

// The user last signed in on this browser, for starting the app without network (a filing opened before).
const offlineUserKey = 'zhibao.offlineUser';

function keptUser(): CurrentUser | null {
  try {
    const kept = localStorage.getItem(offlineUserKey);
    return kept ? (JSON.parse(kept) as CurrentUser) : null;
  } catch {
    return null;
  }
}

/** Loads the session once at start-up and keeps it while the user moves between pages. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });
  const expiryHolders = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchCurrentUser(controller.signal).then(
      (user) =>
        setState(
          user
            ? { status: 'authenticated', user }
            : { status: 'anonymous', user: null, reason: 'no-session' },
        ),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const user = isApiError(error) && error.status === 0 ? keptUser() : null;
        setState(
          user ? { status: 'authenticated', user, isOffline: true } : { status: 'failed', user: null, error },
        );
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (state.status === 'authenticated' && !state.isOffline) {
      localStorage.setItem(offlineUserKey, JSON.stringify(state.user));
    } else if (state.status === 'anonymous') {
      localStorage.removeItem(offlineUserKey);
    }
  }, [state]);

  // Back online after an offline start: confirm the session (which also brings its CSRF token).
  const isOfflineStart = state.status === 'authenticated' && !!state.isOffline;
  useEffect(() => {
    if (!isOfflineStart) return;
    const confirmSession = () => {
      fetchCurrentUser().then(
        (user) =>
          setState((current) =>
            user
              ? { status: 'authenticated', user }
              : expiryHolders.current > 0 && current.status === 'authenticated'
                ? { status: 'authenticated', user: current.user, isExpired: true }
                : { status: 'anonymous', user: null, reason: 'expired' },
          ),
        () => undefined,
      );
    };
    window.addEventListener('online', confirmSession);
    return () => window.removeEventListener('online', confirmSession);
  }, [isOfflineStart]);

  useEffect(
    () =>
      onSessionExpired(() =>
        setState((current) =>
          current.status !== 'authenticated'
            ? current
            : expiryHolders.current > 0
              ? current.isExpired
                ? current
                : { ...current, isExpired: true }
              : { status: 'anonymous', user: null, reason: 'expired' },
        ),
      ),
    [],
  );

  const signIn = useCallback(async (credentials: LogInRequest) => {
    const user = await logIn(credentials);
    setState({ status: 'authenticated', user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    const endSessionUrl = await logOut();
    setState({ status: 'anonymous', user: null, reason: 'signed-out' });
    // Signed in through an identity platform: its own session ends on its logout page, which comes back here.
    if (endSessionUrl) window.location.assign(endSessionUrl);
  }, []);

  const adopt = useCallback((session: { user: CurrentUser; csrfToken: string }) => {
    setState({ status: 'authenticated', user: adoptSession(session) });
  }, []);

  const refresh = useCallback(async () => {
    const user = await fetchCurrentUser();
    setState(
      user ? { status: 'authenticated', user } : { status: 'anonymous', user: null, reason: 'expired' },
    );
  }, []);

  const forget = useCallback(() => setState({ status: 'anonymous', user: null, reason: 'signed-out' }), []);

  const holdExpiry = useCallback(() => {
    expiryHolders.current += 1;
    let isHeld = true;
    return () => {
      if (!isHeld) return;
      isHeld = false;
      expiryHolders.current -= 1;
      // Nothing holds the page any more: an expiry waiting in a dialog becomes the login page.
      if (expiryHolders.current === 0) {
        setState((current) =>
          current.status === 'authenticated' && current.isExpired
            ? { status: 'anonymous', user: null, reason: 'expired' }
            : current,
        );
      }
    };
  }, []);

  const session = useMemo(
    () => ({ state, signIn, signOut, adopt, refresh, forget, holdExpiry }),
    [state, signIn, signOut, adopt, refresh, forget, holdExpiry],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in user; only for components rendered behind `RequireRole`. */
export function useCurrentUser(): CurrentUser {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useCurrentUser needs a signed-in user');
  return state.user;
}
