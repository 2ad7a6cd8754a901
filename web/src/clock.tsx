import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api/client';
import type { AdvancedClock, Clock } from './api/platform';

interface ClockContextValue {
  clock: Clock | undefined;
  /** Set when reading the clock failed. */
  error: unknown;
  refresh: () => Promise<void>;
  /** Moves the manual clock forward (platform ops only); resolves to the new clock. */
  advance: (days: number) => Promise<AdvancedClock>;
}

const ClockContext = createContext<ClockContextValue | null>(null);

/** The platform clock, shared by the header, the home page and the time control. */
export function ClockProvider({ children }: { children: ReactNode }) {
  const [clock, setClock] = useState<Clock | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const refresh = useCallback(async () => {
    try {
      setClock(await api.get<Clock>('/clock'));
      setError(undefined);
    } catch (reason) {
      setError(reason);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The system clock moves on its own; keep the date in the header right past midnight.
  useEffect(() => {
    if (clock?.mode !== 'system') return;
    const timer = window.setInterval(() => void refresh(), 60_000);
    return () => window.clearInterval(timer);
  }, [clock?.mode, refresh]);

  const advance = useCallback(async (days: number) => {
    const next = await api.post<AdvancedClock>('/clock/advance', { days });
    setClock(next);
    return next;
  }, []);

  const value = useMemo(() => ({ clock, error, refresh, advance }), [clock, error, refresh, advance]);
  return <ClockContext.Provider value={value}>{children}</ClockContext.Provider>;
}

export function useClock(): ClockContextValue {
  const value = useContext(ClockContext);
  if (!value) throw new Error('useClock outside ClockProvider');
  return value;
}
