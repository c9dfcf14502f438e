/** A department page, one per domain of the registry: map, KPIs and panels of its `page` spec, view state in the URL. */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isDepartment } from "@/lib/config/departments";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { departmentMetadata, DepartmentPage, type SearchParams } from "../_components/department-page";

// Live data: never prerender or cache this page.
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ domain: string }>;
  searchParams: SearchParams;
}

/** The routes this page answers: one per registered domain. */
export function generateStaticParams(): { domain: Domain }[] {
  return DOMAINS.map((domain) => ({ domain }));
}

/** The domain of the route, or a 404 for any other path (before sign-in is asked for). */
async function domainOf(params: Props["params"]): Promise<Domain> {
  const { domain } = await params;
  if (!isDepartment(domain)) notFound();
  return domain;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  return departmentMetadata(await domainOf(params), searchParams);
}

export default async function Page({ params, searchParams }: Props) {
  return <DepartmentPage domain={await domainOf(params)} searchParams={searchParams} />;
}
