/**
 * Administration: people and their roles, wall device tokens and sensor feed tokens (issue,
 * revoke), notification channels, routing rules and deliveries, and the audit trail of who did
 * what. Admins only, checked here in the page. In English or 简体中文 (`?lang=zh`).
 */
import type { Metadata } from "next";
import { AdminConsole } from "@/components/admin/admin-console";
import { NotificationsConsole } from "@/components/admin/notifications-console";
import { WallAdmin } from "@/components/admin/wall-admin";
import { normalizeCode } from "@/lib/ops/pairing";
import { sessionView } from "@/lib/auth/page";
import { BOARDS } from "@/lib/config/boards";
import { getOpsStore } from "@/lib/ops/runtime";
import { am } from "@/lib/i18n/admin-messages";
import { ALERT_RULES } from "@/lib/twin/alerts/rules";
import { getTwin } from "@/lib/twin/runtime";
import { landingNow, OpsFrame, opsPage, pageLocale, type SearchParams } from "../_components/ops-frame";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const locale = await pageLocale(searchParams);
  // The root layout's title template adds " · TwinOps".
  return { title: am(locale, "title") };
}

/** Server time of this render: lockouts are shown as active or over against it. */
const renderTime = () => Date.now();

export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const prelude = await opsPage("/admin", sp, { admin: true });
  const { principal, locale } = prelude;
  const store = await getOpsStore();
  const session = await sessionView(principal);
  const notify = store.notifications;
  const tokens = await store.listTokens();
  const boards = BOARDS.map((b) => ({ id: b.id, title: b.title }));
  const twin = getTwin();
  const [channels, rules, deliveries, districts, seed] = await Promise.all([
    notify.listChannels(),
    notify.listRules(),
    notify.listDeliveries({ limit: 100 }),
    twin.districts(),
    landingNow(),
  ]);
  return (
    <OpsFrame prelude={prelude} seed={seed}>
      <AdminConsole
        locale={locale}
        renderedAt={renderTime()}
        me={session.name}
        csrf={session.csrf ?? ""}
        users={await store.listUsers()}
        tokens={tokens}
        audit={await twin.audit({ limit: 200 })}
        boards={boards}
        extra={
          <WallAdmin
            locale={locale}
            csrf={session.csrf ?? ""}
            timezone={(await twin.info()).timezone}
            renderedAt={renderTime()}
            pairCode={normalizeCode(one(sp.pair) ?? "") ?? ""}
            walls={tokens.filter((t) => t.kind === "device")}
            boards={boards}
          />
        }
      >
        <NotificationsConsole
          locale={locale}
          csrf={session.csrf ?? ""}
          channels={channels}
          rules={rules}
          deliveries={deliveries}
          alertRules={ALERT_RULES.map((r) => r.id)}
          districts={districts.map((d) => ({ id: d.id, name: d.name }))}
        />
      </AdminConsole>
    </OpsFrame>
  );
}
