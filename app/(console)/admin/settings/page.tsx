import Link from "next/link";
import { BannerForm } from "@/components/admin/banner-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { env } from "@/lib/config/env";
import { getSetting } from "@/lib/settings/store";
import { saveBanner } from "./actions";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageRole("admin");
  const [banner, paused] = await Promise.all([getSetting("console.banner"), getSetting("jobs.paused")]);
  const config = env();
  return (
    <>
      <PageHeader title="Settings" description="Run-time settings, stored in PostgreSQL and shared by every replica. Deploy-time configuration comes from the environment." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Announcement">
          <BannerForm initial={banner} save={saveBanner} />
        </Card>
        <Card title="Paused jobs">
          {paused.length === 0 ? (
            <p className="text-sm text-zinc-500">No job is paused.</p>
          ) : (
            <ul className="list-inside list-disc text-sm">
              {paused.map((name) => (
                <li key={name} className="font-mono">
                  {name}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm">
            <Link href="/admin/jobs" className="text-accent-600 hover:underline">
              Pause or resume schedules on the Jobs page
            </Link>
          </p>
        </Card>
        <Card title="Deployment (read-only)" className="lg:col-span-2">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-zinc-500">Console URL</dt>
            <dd className="font-mono">{config.APP_URL + config.BASE_PATH}</dd>
            <dt className="text-zinc-500">Keycloak issuer</dt>
            <dd className="font-mono">{config.OIDC_ISSUER}</dd>
            <dt className="text-zinc-500">S3 endpoint</dt>
            <dd className="font-mono">{config.S3_ENDPOINT}</dd>
            <dt className="text-zinc-500">Vector store</dt>
            <dd className="font-mono">{config.QDRANT_URL}</dd>
            <dt className="text-zinc-500">Default buckets</dt>
            <dd className="font-mono">{config.DEFAULT_BUCKETS.join(", ")}</dd>
          </dl>
          <p className="mt-3 text-xs text-zinc-500">Secrets and connection passwords are never shown. Change these through the environment (see docs/configuration.md).</p>
        </Card>
      </div>
    </>
  );
}
