// Renders the whole app at a URL against a scripted fetch, as the browser would load it.
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { App } from "../App";
import { createQueryClient } from "../queryClient";
import { SessionProvider } from "../session";

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: Record<string, string>;
}

export type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> };
export type Handler = (
  call: Call,
) => Reply | undefined | Promise<Reply | undefined>; // a promise: a reply that comes later

export const admin = { username: "admin", is_superuser: true, csrf_token: "csrf-admin" };
export const operator = { username: "operator", is_superuser: false, csrf_token: "csrf-op" };

/** Routes fetch to `handler`; unknown requests fail the test with a 599 naming them. */
export function installApi(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://maas.test");
      const call: Call = {
        method: init.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        form: new URLSearchParams((init.body as URLSearchParams | undefined)?.toString() ?? ""),
        headers: (init.headers ?? {}) as Record<string, string>,
      };
      calls.push(call);
      // Pages share the layout's notifications poll: none unless a test says otherwise.
      const fallback: Reply | null =
        call.method === "GET" && url.pathname === "/MAAS/api/2.0/notifications/" ? { json: [] } : null;
      const reply = (await handler(call)) ?? fallback ?? {
        status: 599,
        text: `test has no reply for ${call.method} ${url.pathname}${url.search}`,
      };
      const status = reply.status ?? 200;
      if (status === 204) return new Response(null, { status });
      const isJson = reply.json !== undefined;
      return new Response(isJson ? JSON.stringify(reply.json) : (reply.text ?? ""), {
        status,
        headers: { "Content-Type": isJson ? "application/json" : "text/plain", ...reply.headers },
      });
    }),
  );
  return calls;
}

export function renderAt(path: string) {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Waits for a notification (success or failure) whose text contains `text`. */
export async function notified(text: string): Promise<HTMLElement> {
  return waitFor(() => {
    const found = screen.queryAllByTestId("notification").find((n) => n.textContent?.includes(text));
    if (!found) throw new Error(`no notification says: ${text}`);
    return found;
  });
}
