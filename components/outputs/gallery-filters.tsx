import { FilterForm } from "@/components/ui/filter-form";
import type { GalleryFilters } from "@/lib/outputs/gallery";

/** The gallery's filters, in the address bar (a filtered gallery can be bookmarked and shared). */
export function GalleryFiltersForm({ filters, isAdmin }: { filters: GalleryFilters; isAdmin: boolean }) {
  return (
    <FilterForm
      action="/outputs"
      label="Filter outputs"
      submitLabel="Apply"
      clearHref="/outputs"
      fields={[
        {
          kind: "select",
          name: "type",
          label: "Type",
          value: filters.type,
          options: [
            { value: "", label: "All" },
            { value: "image", label: "Images" },
            { value: "audio", label: "Audio" },
          ],
        },
        { kind: "date", name: "from", label: "From", value: filters.from },
        { kind: "date", name: "to", label: "To", value: filters.to },
        isAdmin && { kind: "text", name: "user", label: "User (Keycloak id)", value: filters.user, placeholder: "everyone", className: "w-72 font-mono" },
      ]}
    />
  );
}
