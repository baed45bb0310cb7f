import { useEffect, useRef } from "react";
import { NavLink, Outlet, useLocation, useNavigationType } from "react-router";
import { useSession, useUser } from "../session";
import { NotificationsProvider } from "./Notifications";
import { RegionBanner } from "./RegionBanner";
import { ServerNotifications } from "./ServerNotifications";

export function Layout() {
  const user = useUser();
  const { logout } = useSession();
  useFocusHeadingOnNavigation();
  return (
    <NotificationsProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="topbar__brand">MAAS</span>
        <nav aria-label="Main" className="topbar__nav">
          <NavLink to="/controllers">Controllers</NavLink>
          <NavLink to="/subnets">Subnets</NavLink>
          <NavLink to="/machines">Machines</NavLink>
          <NavLink to="/events">Events</NavLink>
          {user.is_superuser && <NavLink to="/users">Users</NavLink>}
          <NavLink to="/account/api-keys">API keys</NavLink>
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
      <RegionBanner />
      <main id="main" className="content" tabIndex={-1}>
        <ServerNotifications />
        <Outlet />
      </main>
    </NotificationsProvider>
  );
}

/**
 * A route change in a single-page app is silent for a screen reader and leaves focus on a link
 * that is gone: move focus to the new page's heading, which announces it. Not on first load
 * or a redirect (a replaced entry, such as / to /controllers), where the browser's own focus
 * handling is right and the skip link stays the first Tab stop.
 */
function useFocusHeadingOnNavigation() {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const first = useRef(true);
  useEffect(() => {
    if (first.current || navigationType === "REPLACE") {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>("#main h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: navigationType === "POP" }); // Back keeps its scroll
    }
  }, [pathname, navigationType]);
}
