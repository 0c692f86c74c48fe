import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { BucketSettingsPanel } from "@/components/files/bucket-settings";
import { ObjectBrowser } from "@/components/files/object-browser";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { getBucketSettings, type BucketSettings } from "@/lib/files/bucket-settings";
import { bucketExists } from "@/lib/files/buckets";
import { decodeSegment, filesHref, prefixFromRoute } from "@/lib/files/paths";

type Props = {
  params: Promise<{ bucket: string; prefix?: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props) {
  const { bucket, prefix } = await params;
  const last = prefix?.length ? decodeSegment(prefix.at(-1)!) : null;
  if ((await searchParams).view === "settings") return { title: `Settings · ${decodeSegment(bucket)}` };
  return { title: last ? `${last} · ${decodeSegment(bucket)}` : decodeSegment(bucket) };
}

/**
 * `/files/<bucket>?view=settings`: versioning, lifecycle and CORS of a bucket, for admins. A query
 * parameter rather than a path segment, so a folder named "settings" stays reachable.
 */
async function SettingsView({ bucket }: { bucket: string }) {
  await requirePageRole("admin");
  let settings: BucketSettings | null;
  try {
    settings = (await bucketExists(bucket)) ? await getBucketSettings(bucket) : null;
  } catch (error) {
    return <ErrorState title={`Could not read the settings of ${bucket}`} error={error} />;
  }
  if (!settings) notFound();
  return (
    <>
      <PageHeader
        title={`${bucket}: settings`}
        description="Read from and written to the object store through the S3 API."
        actions={
          <Link href={filesHref(bucket)} className={buttonClasses("secondary", "sm")}>
            Browse {bucket}
          </Link>
        }
      />
      <BucketSettingsPanel settings={settings} />
    </>
  );
}

/** `/files/<bucket>/<folder>/<folder>`: the URL is the folder (each segment URL-encoded), so links survive reloads and sharing. */
export default async function BucketBrowserPage({ params, searchParams }: Props) {
  const user = await requirePageRole("viewer");
  const { bucket: rawBucket, prefix: segments } = await params;
  const search = await searchParams;
  const fallback = search.prefix;
  const bucket = decodeSegment(rawBucket);
  const prefix = prefixFromRoute(segments, typeof fallback === "string" ? fallback : undefined);
  if (bucket === null || prefix === null) notFound();
  if (search.view === "settings" && prefix === "") return <SettingsView bucket={bucket} />;
  return (
    <Suspense fallback={<LoadingRows rows={10} label="Loading folder" />}>
      <ObjectBrowser key={`${bucket}/${prefix}`} bucket={bucket} prefix={prefix} canEdit={hasRole(user, "editor")} canAdmin={hasRole(user, "admin")} />
    </Suspense>
  );
}
