"use client";

import { useState } from "react";
import type { BucketSettings } from "@/lib/files/bucket-settings";
import { CorsCard } from "./cors-card";
import { LifecycleCard } from "./lifecycle-card";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { VersioningCard } from "./versioning-card";

/** An admin's view of one bucket's settings as the store holds them, each section saved on its own. */
export function BucketSettingsPanel({ settings }: { settings: BucketSettings }) {
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  return (
    <div className="space-y-4">
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <VersioningCard bucket={settings.bucket} versioning={settings.versioning} onNotice={setNotice} />
      <LifecycleCard bucket={settings.bucket} lifecycle={settings.lifecycle} preset={settings.preset} onNotice={setNotice} />
      <CorsCard bucket={settings.bucket} cors={settings.cors} consoleRule={settings.consoleCors} onNotice={setNotice} />
    </div>
  );
}
