import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/http";
import { ErrorMessage } from "../components/common";
import { useSession } from "../session";

export function LoginPage({ reason }: { reason?: string }) {
  const { login } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? new Error(e.message) : e);
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="card login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Log in to MAAS</h1>
        {reason && (
          <p className="notice" role="status">
            {reason}
          </p>
        )}
        <ErrorMessage error={error} />
        <label htmlFor="login-username">Username</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </main>
  );
}
