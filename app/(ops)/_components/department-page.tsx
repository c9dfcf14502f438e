/**
 * A department page (energy, transport, construction, health): a Server Component that reads the
 * view from the URL, reads the twin through the domain calls (never its own /api) and seeds SWR
 * under the exact keys the panels will ask for, so the HTML carries every figure of the view.
 */
import type { Metadata } from "next";
import { DepartmentViewProvider } from "@/components/department/department-view";
import { TimeControl } from "@/components/department/time-control";
import { DepartmentMap } from "@/components/map/department-map";
import { CursorAlerts } from "@/components/panels/department/cursor-alerts";
import { DepartmentPanels } from "@/components/panels/department/department-panels";
import { KpiStrip } from "@/components/panels/department/kpi-strip";
import { DEPARTMENTS } from "@/lib/config/departments";
import { seedDepartment } from "@/lib/views/department/server";
import { pick } from "@/lib/i18n/locale";
import { DEPT_IDS } from "@/lib/test-ids";
import type { Domain } from "@/lib/twin/types";
import { cityMapFrame, OpsFrame, opsPage, pageLocale, type SearchParams } from "./ops-frame";
import { scopeOf } from "@/lib/auth/scope";

export type { SearchParams };
export interface PageProps {
  searchParams: SearchParams;
}

export async function departmentMetadata(domain: Domain, searchParams: SearchParams): Promise<Metadata> {
  const locale = await pageLocale(searchParams);
  return { title: `${pick(DEPARTMENTS[domain].title, locale)}` };
}

export async function DepartmentPage({ domain, searchParams }: { domain: Domain; searchParams: SearchParams }) {
  const params = await searchParams;
  const prelude = await opsPage(`/${domain}`, params, { domain });
  const { principal, locale } = prelude;
  const department = DEPARTMENTS[domain];
  const seeded = await seedDepartment(department, params, scopeOf(principal));
  return (
    <OpsFrame
      prelude={prelude}
      seed={seeded}
      testId={DEPT_IDS.page}
      department={domain}
      wrap={(frame) => <DepartmentViewProvider department={department}>{frame}</DepartmentViewProvider>}
    >
      <TimeControl />
      <main id="main" className="grid flex-1 grid-cols-1 gap-3 p-3 md:grid-cols-2 xl:grid-cols-3">
        <h1 className="sr-only">{pick(department.title, locale)}</h1>
        <DepartmentMap className="h-[55vh] min-h-[22rem] md:col-span-2" {...cityMapFrame(seeded.landing)} />
        <div className="flex min-h-0 flex-col gap-3 md:col-span-2 xl:col-span-1 xl:h-[55vh] xl:min-h-[22rem]">
          <KpiStrip />
          <CursorAlerts className="min-h-0 flex-1" />
        </div>
        <DepartmentPanels />
      </main>
    </OpsFrame>
  );
}
