import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { Loading } from "./components/common";
import { ApiKeysPage } from "./pages/ApiKeysPage";
import { ControllerDetailsPage } from "./pages/ControllerDetailsPage";
import { ControllersPage } from "./pages/ControllersPage";
import { EventsPage } from "./pages/EventsPage";
import { FabricPage } from "./pages/FabricPage";
import { LoginPage } from "./pages/LoginPage";
import { MachineDetailsPage } from "./pages/MachineDetailsPage";
import { MachinesPage } from "./pages/MachinesPage";
import { SubnetPage } from "./pages/SubnetPage";
import { SubnetsPage } from "./pages/SubnetsPage";
import { UsersPage } from "./pages/UsersPage";
import { VlanPage } from "./pages/VlanPage";
import { useSession } from "./session";

/** Every page sits behind the login: anonymous visitors get the login form at any URL. */
export function App() {
  const { state } = useSession();
  if (state.phase === "checking") {
    return state.waiting ? <WaitingForRegion reason={state.waiting} /> : <Loading what="MAAS" />;
  }
  if (state.phase === "anonymous") return <LoginPage reason={state.reason} />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/controllers" replace />} />
        <Route path="controllers" element={<ControllersPage />} />
        <Route path="controllers/:kind/:systemId" element={<ControllerDetailsPage />} />
        <Route path="subnets" element={<SubnetsPage />} />
        <Route path="subnets/:id" element={<SubnetPage />} />
        <Route path="vlans/:id" element={<VlanPage />} />
        <Route path="fabrics/:id" element={<FabricPage />} />
        <Route path="machines" element={<MachinesPage />} />
        <Route path="machine/:systemId" element={<MachineDetailsPage />} />
        <Route path="events" element={<EventsPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="account/api-keys" element={<ApiKeysPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}

/** Shown while the region does not answer the session check; it keeps asking on its own. */
function WaitingForRegion({ reason }: { reason: string }) {
  return (
    <main className="login" id="main">
      <div className="card login__card" role="status">
        <h1>Waiting for the region</h1>
        <p>{reason}</p>
        <p className="muted">This page retries on its own and continues when the region answers.</p>
      </div>
    </main>
  );
}
