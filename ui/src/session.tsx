// Who is logged in. The session cookie is HttpOnly, so the page learns its state (and the CSRF
// token it must echo) from GET /MAAS/accounts/session/.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import * as endpoints from "./api/endpoints";
import { ApiError, setCsrfToken, setUnauthorizedListener } from "./api/http";
import type { Session } from "./api/types";

type State =
  | { phase: "checking" }
  | { phase: "anonymous"; reason?: string }
  | { phase: "authenticated"; session: Session };

interface SessionApi {
  state: State;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

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

  useEffect(() => {
    let cancelled = false;
    endpoints.currentSession().then(
      (session) => !cancelled && become({ phase: "authenticated", session }),
      (error: unknown) => {
        if (cancelled) return;
        const offline = !(error instanceof ApiError) || error.status >= 500;
        become({ phase: "anonymous", reason: offline ? String(errorText(error)) : undefined });
      },
    );
    return () => {
      cancelled = true;
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
