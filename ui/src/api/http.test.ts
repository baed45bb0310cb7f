import { afterEach, describe, expect, it, vi } from "vitest";
import { installApi } from "../test/render";
import {
  ApiError,
  api,
  errorFromBody,
  isUnreachable,
  request,
  setCsrfToken,
  setUnauthorizedListener,
  UnreachableError,
} from "./http";

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedListener(null);
});

describe("errorFromBody", () => {
  it("keeps MAAS's field-keyed messages", () => {
    const e = errorFromBody(
      400,
      '{"primary_rack": ["Select a valid choice. x is not one of the available choices."], "__all__": ["The primary and secondary rack must be different"]}',
      "application/json",
    );
    expect(e.fieldErrors?.primary_rack).toHaveLength(1);
    expect(e.message).toContain("The primary and secondary rack must be different");
  });
  it("shows a plain-text refusal word for word", () => {
    const text =
      "Unable to delete 'rack-a'; it is currently set as a primary rack controller on VLANs fabric-0.untagged and no other rack controller can provide DHCP.";
    const e = errorFromBody(400, text + "\n", "text/plain");
    expect(e.message).toBe(text);
    expect(e.fieldErrors).toBeNull();
  });
  it("says which status failed when the body is empty", () => {
    expect(errorFromBody(502, "", "").message).toBe("Request failed with HTTP 502.");
  });
});

describe("request", () => {
  it("sends the CSRF token on changes only, and forms url-encoded", async () => {
    const calls = installApi(() => ({ json: {} }));
    setCsrfToken("tok");
    await api("things/");
    await api("things/1/", { method: "PUT", form: { dhcp_on: true, primary_rack: null } });
    expect(calls[0].headers["X-CSRFToken"]).toBeUndefined();
    expect(calls[1].headers["X-CSRFToken"]).toBe("tok");
    expect(calls[1].form.toString()).toBe("dhcp_on=true&primary_rack=");
  });
  it("tells the session when the API answers 401", async () => {
    installApi(() => ({ status: 401, text: "Authorization Error: Invalid API key." }));
    const listener = vi.fn();
    setUnauthorizedListener(listener);
    await expect(api("users/")).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledOnce();
  });
});

describe("refused login", () => {
  it("does not count as a session that ended", async () => {
    installApi(() => ({ status: 401, text: "Invalid username or password." }));
    const listener = vi.fn();
    setUnauthorizedListener(listener);
    await expect(request("/MAAS/accounts/login/", { method: "POST" })).rejects.toThrow(
      "Invalid username or password.",
    );
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("a region that does not answer", () => {
  // fetch as the browser does it: pending until answered or aborted.
  function silentRegion() {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        (_url: string, init: RequestInit = {}) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener("abort", () =>
              reject(new DOMException("aborted", "AbortError")),
            );
          }),
      ),
    );
  }
  it("gives up after the timeout and says so", async () => {
    silentRegion();
    const started = Date.now();
    const error = (await request("/MAAS/api/2.0/version/", { timeoutMs: 50 }).then(() => null, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnreachableError);
    expect(String(error.message)).toContain("did not answer within");
    expect(isUnreachable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
  it("a refused connection is unreachable, not a refusal", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const error = (await request("/MAAS/api/2.0/version/").then(() => null, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe("The region could not be reached.");
  });
  it("a gateway's 502/504 is unreachable; the region's own 503 and 400 are answers", () => {
    expect(isUnreachable(new ApiError(502, "x"))).toBe(true);
    expect(isUnreachable(new ApiError(504, "x"))).toBe(true);
    expect(isUnreachable(new ApiError(503, "Database busy"))).toBe(false);
    expect(isUnreachable(new ApiError(400, "x"))).toBe(false);
  });
  it("HAProxy's page for no live backend is unreachable", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response("<html><body><h1>503 Service Unavailable</h1></body></html>", {
            status: 503,
            headers: { "Content-Type": "text/html" },
          }),
      ),
    );
    const error = (await request("/MAAS/api/2.0/version/").then(() => null, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnreachableError);
  });
  it("the caller's own abort passes through unchanged", async () => {
    silentRegion();
    const caller = new AbortController();
    const pending = request("/MAAS/api/2.0/version/", { signal: caller.signal }).catch((e: unknown) => e as Error);
    caller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(UnreachableError);
  });
});
