/** The transport department page: map, KPIs and panels of lib/config/departments.ts, view state in the URL. */
import type { Metadata } from "next";
import { departmentMetadata, DepartmentPage, type PageProps } from "../_components/department-page";

// Live data: never prerender or cache this page.
export const dynamic = "force-dynamic";

export function generateMetadata({ searchParams }: PageProps): Promise<Metadata> {
  return departmentMetadata("transport", searchParams);
}

export default function Page({ searchParams }: PageProps) {
  return <DepartmentPage domain="transport" searchParams={searchParams} />;
}
