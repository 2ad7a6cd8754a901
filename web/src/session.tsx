import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api/client';
import i18n, { changeLocale, currentLocale, hasStoredLocale, isLocale } from './i18n/index.ts';
import type { Session, SessionUser, User } from './api/identity';

type SessionState =
  | { status: 'loading' }
  /** `reason` says why there is no session: never logged in, logged out here, or the session ended. */
  | { status: 'anonymous'; reason?: 'logout' | 'expired' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'authenticated'; session: Session };

interface SessionContextValue {
  state: SessionState;
  login: (email: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
  /** Reads `/auth/me` again. */
  refresh: () => Promise<void>;
  /** Changes the logged-in user's own profile (name, language) and the session with it. */
  updateProfile: (change: { name?: string; locale?: string }) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { message } = App.useApp();
  const { t } = useTranslation();

  const statusRef = useRef(state.status);
  statusRef.current = state.status;

  const sessionRef = useRef<Session | null>(null);
  sessionRef.current = state.status === 'authenticated' ? state.session : null;

  const adopt = useCallback((session: Session | null, reason?: 'logout' | 'expired') => {
    setCsrfToken(session?.csrfToken ?? null);
    setState(session ? { status: 'authenticated', session } : { status: 'anonymous', reason });
    // A language kept in the profile applies in a browser where none was chosen yet.
    if (session && !hasStoredLocale() && isLocale(session.user.locale) && session.user.locale !== currentLocale()) {
      void changeLocale(session.user.locale);
    }
  }, []);

  const patchUser = useCallback((change: Partial<SessionUser>) => {
    setState((current) =>
      current.status === 'authenticated'
        ? { status: 'authenticated', session: { ...current.session, user: { ...current.session.user, ...change } } }
        : current,
    );
  }, []);

  const updateProfile = useCallback(
    async (change: { name?: string; locale?: string }) => {
      const session = sessionRef.current;
      if (!session) return;
      const user = await api.patch<User>(`/users/${encodeURIComponent(session.user.id)}`, change);
      patchUser({ name: user.name, ...(user.locale ? { locale: user.locale } : {}) });
    },
    [patchUser],
  );

  // The language chosen in the header or on the account page is also kept in the user's profile.
  useEffect(() => {
    const onLanguageChanged = (language: string) => {
      const session = sessionRef.current;
      if (!session || !isLocale(language) || session.user.locale === language) return;
      updateProfile({ locale: language }).catch(() => {
        // Not essential: the browser remembers the choice anyway.
      });
    };
    i18n.on('languageChanged', onLanguageChanged);
    return () => i18n.off('languageChanged', onLanguageChanged);
  }, [updateProfile]);

  const refresh = useCallback(async () => {
    try {
      adopt(await api.get<Session>('/auth/me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) adopt(null);
      else setState({ status: 'unreachable', error });
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (statusRef.current !== 'authenticated') return;
      void message.warning({ content: t('errors.sessionExpired'), key: 'session-expired' });
      adopt(null, 'expired');
    });
    return () => setUnauthenticatedHandler(null);
  }, [adopt, message, t]);

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await api.post<Session>('/auth/login', { email, password });
      adopt(session);
      return session;
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout');
    } finally {
      adopt(null, 'logout');
    }
  }, [adopt]);

  const value = useMemo(() => ({ state, login, logout, refresh, updateProfile }), [state, login, logout, refresh, updateProfile]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The logged-in session; only for components rendered behind the login. */
export function useSession(): Session {
  const { state } = useSessionContext();
  if (state.status !== 'authenticated') throw new Error('useSession without a session');
  return state.session;
}
