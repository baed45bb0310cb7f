import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { Loading } from "./components/common";
import { ControllerDetailsPage } from "./pages/ControllerDetailsPage";
import { ControllersPage } from "./pages/ControllersPage";
import { LoginPage } from "./pages/LoginPage";
import { MachinesPage } from "./pages/MachinesPage";
import { SubnetPage } from "./pages/SubnetPage";
import { SubnetsPage } from "./pages/SubnetsPage";
import { VlanPage } from "./pages/VlanPage";
import { useSession } from "./session";

/** Every page sits behind the login: anonymous visitors get the login form at any URL. */
export function App() {
  const { state } = useSession();
  if (state.phase === "checking") return <Loading what="MAAS" />;
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
        <Route path="machines" element={<MachinesPage />} />
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
