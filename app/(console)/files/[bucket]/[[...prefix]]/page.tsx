import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ObjectBrowser } from "@/components/files/object-browser";
import { LoadingRows } from "@/components/ui/states";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { decodeSegment, prefixFromRoute } from "@/lib/files/paths";

type Props = {
  params: Promise<{ bucket: string; prefix?: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Pick<Props, "params">) {
  const { bucket, prefix } = await params;
  const last = prefix?.length ? decodeSegment(prefix.at(-1)!) : null;
  return { title: last ? `${last} · ${decodeSegment(bucket)}` : decodeSegment(bucket) };
}

/** `/files/<bucket>/<folder>/<folder>`: the URL is the folder (each segment URL-encoded), so links survive reloads and sharing. */
export default async function BucketBrowserPage({ params, searchParams }: Props) {
  const user = await requirePageRole("viewer");
  const { bucket: rawBucket, prefix: segments } = await params;
  const fallback = (await searchParams).prefix;
  const bucket = decodeSegment(rawBucket);
  const prefix = prefixFromRoute(segments, typeof fallback === "string" ? fallback : undefined);
  if (bucket === null || prefix === null) notFound();
  return (
    <Suspense fallback={<LoadingRows rows={10} label="Loading folder" />}>
      <ObjectBrowser key={`${bucket}/${prefix}`} bucket={bucket} prefix={prefix} canEdit={hasRole(user, "editor")} />
    </Suspense>
  );
}
