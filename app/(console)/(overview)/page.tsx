import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatTimestamp } from "@/lib/format/units";
import { PageHeader } from "@/components/ui/page-header";
import { navItems } from "@/components/shell/nav-items";
import { listAuditEvents } from "@/lib/audit/query";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { checkReadiness } from "@/lib/health/checks";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePageRole("viewer");
  const [readiness, activity] = await Promise.all([checkReadiness(), listAuditEvents({ actor: user.id })]);
  const sections = navItems.filter((i) => i.href !== "/" && hasRole(user, i.minRole));
  return (
    <>
      <PageHeader title={`Welcome, ${user.name}`} description={`Signed in as ${user.username} with ${user.roles.join(", ") || "no Strata role"}.`} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Data layer" actions={hasRole(user, "admin") ? <Link href="/admin/health" className="text-sm text-accent-600 hover:underline">Details</Link> : null}>
          <ul className="space-y-2 text-sm">
            {Object.entries(readiness.checks).map(([name, check]) => (
              <li key={name} className="flex items-center justify-between gap-2">
                <span>{name}</span>
                <Badge tone={check.ok ? "good" : "bad"} {...(check.error ? { title: check.error } : {})}>
                  {check.ok ? `ok · ${check.latencyMs} ms` : "down"}
                </Badge>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Sections" className="lg:col-span-2">
          <ul className="grid gap-2 sm:grid-cols-2">
            {sections.map((s) => (
              <li key={s.href}>
                <Link href={s.href} className="block rounded-md border border-zinc-200 px-3 py-2 text-sm hover:border-accent-500 dark:border-zinc-800">
                  {s.label}
                  <span className="block text-xs text-zinc-500">{s.group}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Your recent activity" className="lg:col-span-3">
          {activity.events.length === 0 ? (
            <p className="text-sm text-zinc-500">Nothing yet: changes you make in Strata are listed here.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
              {activity.events.slice(0, 10).map((e) => (
                <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                  <span className="font-mono text-xs">{e.action}</span>
                  <span className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-500">{e.target}</span>
                  <Badge tone={statusTone(e.outcome)}>{e.outcome}</Badge>
                  <span className="text-xs text-zinc-500 tabular-nums">{formatTimestamp(e.at)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
