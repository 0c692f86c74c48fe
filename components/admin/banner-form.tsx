"use client";

import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import { Button } from "@/components/ui/button";
import { StatusText } from "@/components/ui/notice";

const MAX = 500;

export function BannerForm({ initial, save }: { initial: string; save: (text: string) => Promise<ActionResult<string>> }) {
  // The textarea keeps its own value (uncontrolled): text typed before hydration is not lost, and submit
  // reads what is actually in the box.
  const box = useRef<HTMLTextAreaElement>(null);
  const [length, setLength] = useState(initial.length);
  const [status, setStatus] = useState<{ tone: "good" | "bad"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (value: string) =>
    startTransition(async () => {
      const result = await save(value);
      if (result.ok) {
        if (box.current) box.current.value = result.data;
        setLength(result.data.length);
        setStatus({ tone: "good", text: result.data ? "Saved: everyone sees the banner on their next page." : "Banner cleared." });
      } else {
        setStatus({ tone: "bad", text: result.error.message });
      }
    });
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(box.current?.value ?? "");
      }}
    >
      <label htmlFor="banner" className="block text-sm font-medium">
        Banner shown to everyone
      </label>
      <textarea
        id="banner"
        name="banner"
        ref={box}
        defaultValue={initial}
        maxLength={MAX}
        rows={3}
        onChange={(e) => setLength(e.target.value.length)}
        placeholder="e.g. Object storage maintenance on Saturday 22:00–23:00 UTC; uploads will pause."
        className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex items-center justify-between gap-3 text-xs text-zinc-500">
        <span>
          {length}/{MAX} characters. Leave empty to hide the banner.
        </span>
        <div className="flex gap-2">
          <Button onClick={() => submit("")} disabled={pending || (length === 0 && initial === "")}>
            Clear
          </Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
      <StatusText message={status} />
    </form>
  );
}
