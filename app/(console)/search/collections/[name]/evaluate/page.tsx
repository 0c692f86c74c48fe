import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { EvaluatePanel } from "@/components/search/evaluate-panel";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { originFromHeaders } from "@/lib/http/origin";
import { findCollection } from "@/lib/search/collections";
import { evaluationRuns } from "@/lib/search/service";

export const metadata = { title: "Evaluate collection" };

export default async function EvaluatePage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requirePageRole("viewer");
  const name = decodeURIComponent((await params).name);
  if (!(await findCollection(name))) notFound();
  const runs = await evaluationRuns({ actor: user, origin: originFromHeaders(await headers()) }, name);
  return <EvaluatePanel name={name} runs={runs} canRun={hasRole(user, "editor")} />;
}
