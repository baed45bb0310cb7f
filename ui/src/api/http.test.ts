import { afterEach, describe, expect, it, vi } from "vitest";
import { installApi } from "../test/render";
import {
  ApiError,
  api,
  errorFromBody,
  request,
  setCsrfToken,
  setUnauthorizedListener,
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
