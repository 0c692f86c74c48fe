"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While moves are under way, re-renders the (server-rendered) page every `seconds`, so progress and states stay live. */
export function AutoRefresh({ active, seconds = 2 }: { active: boolean; seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [active, seconds, router]);
  return null;
}
