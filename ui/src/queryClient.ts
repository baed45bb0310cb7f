import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/http";

/** How often lists that change on their own (controllers, machines) are fetched again. */
export const POLL_MS = 5000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not fix itself by asking again; a dropped connection might.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
        staleTime: 2000,
      },
      mutations: { retry: false },
    },
  });
}
