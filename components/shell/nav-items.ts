import type { Role } from "@/lib/auth/roles";

export type NavItem = { href: string; label: string; minRole: Role; group: "Data" | "Admin" };

/** The sidebar. A section is listed here only once its page works; each capability adds its own entry. */
export const navItems: NavItem[] = [
  { href: "/", label: "Overview", minRole: "viewer", group: "Data" },
  { href: "/files", label: "Files", minRole: "viewer", group: "Data" },
  { href: "/links", label: "Share links", minRole: "editor", group: "Data" },
  { href: "/contexts", label: "Contexts", minRole: "viewer", group: "Data" },
  { href: "/models", label: "Models", minRole: "viewer", group: "Data" },
  { href: "/outputs", label: "Outputs", minRole: "viewer", group: "Data" },
  { href: "/search", label: "Search", minRole: "viewer", group: "Data" },
  { href: "/admin/health", label: "Health", minRole: "admin", group: "Admin" },
  { href: "/admin/jobs", label: "Jobs", minRole: "admin", group: "Admin" },
  { href: "/admin/audit", label: "Audit log", minRole: "admin", group: "Admin" },
  { href: "/admin/settings", label: "Settings", minRole: "admin", group: "Admin" },
];
