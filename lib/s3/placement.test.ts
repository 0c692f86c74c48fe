import { describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { bucketDiskTypes, diskTypesFromFilerConf } from "./placement";

describe("diskTypesFromFilerConf", () => {
  it("maps /buckets/<name>/ rules to their disk type and ignores other paths and rules without one", () => {
    const conf = {
      version: 2,
      locations: [
        { locationPrefix: "/buckets/model-artifacts/", diskType: "ssd" },
        { locationPrefix: "/buckets/cold-models/", diskType: "hdd" },
        { locationPrefix: "/buckets/logs/", diskType: "" },
        { locationPrefix: "/buckets/", diskType: "hdd" },
        { locationPrefix: "/etc/", diskType: "ssd" },
      ],
    };
    expect([...diskTypesFromFilerConf(conf)]).toEqual([
      ["model-artifacts", "ssd"],
      ["cold-models", "hdd"],
    ]);
  });

  it("gives nothing for an answer that is not a filer.conf", () => {
    expect(diskTypesFromFilerConf("<html>")).toEqual(new Map());
    expect(diskTypesFromFilerConf({ locations: "x" })).toEqual(new Map());
  });
});

// Runs where a SeaweedFS filer is configured (the local stack); other stores have no placement to read.
describe.skipIf(!env().SEAWEEDFS_FILER_URL)("bucketDiskTypes against the local SeaweedFS", () => {
  it("reads the hot and cold buckets' placement from the running filer", async () => {
    const types = await bucketDiskTypes();
    expect(types.get("model-artifacts")).toBe("ssd");
    expect(types.get("cold-models")).toBe("hdd");
  });
});
