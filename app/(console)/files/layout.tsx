import type { ReactNode } from "react";
import { UploadProvider } from "@/components/files/upload-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";

/** Uploads belong to the whole Files section: they keep running while people move between folders. */
export default async function FilesLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole("viewer");
  return <UploadProvider canUpload={hasRole(user, "editor")}>{children}</UploadProvider>;
}
