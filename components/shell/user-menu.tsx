"use client";

import { useEffect, useRef, useState } from "react";
import type { Principal } from "@/lib/auth/roles";

/** Name, roles and sign-out. Sign-out is a POST form so a link prefetch or an image tag can never sign anyone out. */
export function UserMenu({ user, signOutAction }: { user: Pick<Principal, "name" | "username" | "email" | "roles">; signOutAction: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
      >
        <span className="grid h-7 w-7 place-items-center rounded-full bg-accent-600 text-xs font-semibold text-white" aria-hidden>
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden sm:inline" data-testid="user-name">
          {user.name}
        </span>
      </button>
      {open ? (
        <div role="menu" className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <p className="font-medium">{user.name}</p>
          <p className="text-zinc-500">{user.email ?? user.username}</p>
          <p className="mt-2 text-xs text-zinc-500">
            Roles: <span data-testid="user-roles">{user.roles.join(", ") || "none"}</span>
          </p>
          <form action={signOutAction} method="post" className="mt-3">
            <button type="submit" role="menuitem" className="w-full rounded-md border border-zinc-300 px-2 py-1.5 text-left hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
