/**
 * Administration: people and their roles, wall device tokens and sensor feed tokens (issue,
 * revoke), and the audit trail of who did what. Admins only, checked here in the page.
 */
import type { Metadata } from "next";
import { AdminConsole } from "@/components/admin/admin-console";
import { requirePage, sessionView } from "@/lib/auth/page";
import { getAuthStore } from "@/lib/auth/server";
import { BOARDS } from "@/lib/config/boards";
import { getTwin } from "@/lib/twin/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Administration · TwinOps" };

/** Server time of this render: lockouts are shown as active or over against it. */
const renderTime = () => Date.now();

export default async function AdminPage() {
  const principal = await requirePage("/admin", { admin: true });
  const store = getAuthStore();
  const session = sessionView(principal);
  return (
    <AdminConsole
      renderedAt={renderTime()}
      me={session.name}
      csrf={session.csrf ?? ""}
      users={store.listUsers()}
      tokens={store.listTokens()}
      audit={getTwin().audit({ limit: 200 })}
      boards={BOARDS.map((b) => b.id)}
    />
  );
}
