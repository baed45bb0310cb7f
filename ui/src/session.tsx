// Who is logged in. The session cookie is HttpOnly, so the page learns its state (and the CSRF
// token it must echo) from GET /MAAS/accounts/session/.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import * as endpoints from "./api/endpoints";
import { ApiError, isUnreachable, setCsrfToken, setUnauthorizedListener } from "./api/http";
import type { Session } from "./api/types";

type State =
  | { phase: "checking"; waiting?: string }
  | { phase: "anonymous"; reason?: string }
  | { phase: "authenticated"; session: Session };

interface SessionApi {
  state: State;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** The longest wait between two session checks while the region does not answer. */
export const SESSION_RETRY_MAX_MS = 5000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ phase: "checking" });
  const queryClient = useQueryClient();

  const become = useCallback(
    (next: State) => {
      setCsrfToken(next.phase === "authenticated" ? next.session.csrf_token : null);
      if (next.phase !== "authenticated") queryClient.clear();
      setState(next);
    },
    [queryClient],
  );

  // Who is logged in. A region that does not answer (a 503 during a database failover, a worker
  // restart) says nothing about the session: keep asking instead of showing the login form.
  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    let attempt = 0;
    const ask = () => {
      endpoints.currentSession().then(
        (session) => !cancelled && become({ phase: "authenticated", session }),
        (error: unknown) => {
          if (cancelled) return;
          if (isUnreachable(error) || (error instanceof ApiError && error.status >= 500)) {
            attempt += 1;
            setState({ phase: "checking", waiting: errorText(error) });
            timer = window.setTimeout(ask, Math.min(SESSION_RETRY_MAX_MS, 500 * 2 ** attempt));
            return;
          }
          become({ phase: "anonymous" });
        },
      );
    };
    ask();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [become]);

  useEffect(() => {
    setUnauthorizedListener(() =>
      become({ phase: "anonymous", reason: "Your session has ended. Log in again." }),
    );
    return () => setUnauthorizedListener(null);
  }, [become]);

  const api = useMemo<SessionApi>(
    () => ({
      state,
      async login(username, password) {
        const session = await endpoints.login(username, password);
        become({ phase: "authenticated", session });
      },
      async logout() {
        try {
          await endpoints.logout();
        } finally {
          become({ phase: "anonymous" });
        }
      },
    }),
    [state, become],
  );

  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}

/** The logged-in user; only for components rendered behind the login gate. */
export function useUser(): Session {
  const { state } = useSession();
  if (state.phase !== "authenticated") throw new Error("useUser without a session");
  return state.session;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
