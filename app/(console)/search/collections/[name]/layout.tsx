import type { ReactNode } from "react";
import { CollectionTabs } from "@/components/search/collection-tabs";
import { PageHeader } from "@/components/ui/page-header";

export default async function CollectionLayout({ children, params }: { children: ReactNode; params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <>
      <PageHeader title={name} />
      <CollectionTabs name={name} />
      {children}
    </>
  );
}
