import { NavLink, Outlet } from "react-router";
import { useSession, useUser } from "../session";

export function Layout() {
  const user = useUser();
  const { logout } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="topbar__brand">MAAS</span>
        <nav aria-label="Main" className="topbar__nav">
          <NavLink to="/controllers">Controllers</NavLink>
          <NavLink to="/subnets">Subnets</NavLink>
          <NavLink to="/machines">Machines</NavLink>
        </nav>
        <div className="topbar__user">
          <span>
            {user.username}
            {user.is_superuser && <span className="muted"> (admin)</span>}
          </span>
          <button type="button" className="button button--small" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
