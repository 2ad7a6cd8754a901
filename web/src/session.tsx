import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api';
import type { Session } from './types';

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
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { message } = App.useApp();
  const { t } = useTranslation();

  const statusRef = useRef(state.status);
  statusRef.current = state.status;

  const adopt = useCallback((session: Session | null, reason?: 'logout' | 'expired') => {
    setCsrfToken(session?.csrfToken ?? null);
    setState(session ? { status: 'authenticated', session } : { status: 'anonymous', reason });
  }, []);

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

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
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
