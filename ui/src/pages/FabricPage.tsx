import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader } from "../components/common";
import { DeleteAction } from "../components/DeleteAction";
import { ResourceForm } from "../components/ResourceForm";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

export function FabricPage() {
  const id = Number(useParams().id);
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const fabric = useQuery({
    queryKey: ["fabric", id],
    queryFn: () => endpoints.fabric(id),
    refetchInterval: POLL_MS,
  });
  const f = fabric.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/subnets">Subnets</Link> /
      </p>
      <PageHeader title={f ? `Fabric ${f.name}` : `Fabric ${id}`}>
        {user.is_superuser && f && (
          <>
            <button type="button" className="button" onClick={() => setEditing(!editing)}>
              Edit fabric
            </button>
            <DeleteAction
              what={`fabric ${f.name}`}
              consequence="Its VLANs go with it; the region refuses while subnets or interfaces use them."
              onDelete={() => endpoints.deleteFabric(id)}
              onDeleted={() => {
                void queryClient.invalidateQueries({ queryKey: ["fabrics"] });
                void navigate("/subnets");
              }}
            />
          </>
        )}
      </PageHeader>
      {editing && f && (
        <ResourceForm
          title={`Edit fabric ${f.name}`}
          fields={[
            { name: "name", label: "Name" },
            { name: "description", label: "Description" },
            { name: "class_type", label: "Class type" },
          ]}
          initial={{ name: f.name, description: f.description ?? "", class_type: f.class_type ?? "" }}
          submitLabel="Save fabric"
          onSubmit={(fields) => endpoints.updateFabric(id, fields)}
          onDone={() => {
            setEditing(false);
            void queryClient.invalidateQueries({ queryKey: ["fabric", id] });
            void queryClient.invalidateQueries({ queryKey: ["fabrics"] });
          }}
        />
      )}
      <ErrorMessage error={fabric.error} title="Could not load the fabric:" />
      {fabric.isPending && <Loading what="fabric" />}
      {f && (
        <>
          <dl className="facts">
            <dt>Description</dt>
            <dd>{f.description || "—"}</dd>
            <dt>Class type</dt>
            <dd>{f.class_type || "—"}</dd>
          </dl>
          <h2>VLANs</h2>
          <ul className="plain-list">
            {f.vlans.map((v) => (
              <li key={v.id}>
                <Link to={`/vlans/${v.id}`}>
                  {v.name} (VID {v.vid})
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
