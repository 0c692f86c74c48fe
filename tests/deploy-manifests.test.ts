import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, test } from "vitest";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { envSchema } from "@/lib/config/env";

// Validates the K3s manifests offline against Kubernetes' own schemas (bundled in kubernetes-models).
const dir = path.resolve(import.meta.dirname, "../deploy/k3s");
const models: Record<string, new (data: never) => { validate(): void }> = {
  ConfigMap,
  Namespace,
  Secret,
  Service,
  Deployment,
  Job,
  Ingress,
};

const documents = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
  .flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(dir, file), "utf8")).map((doc) => ({ file, object: doc.toJS() as { kind: string; metadata: { name: string } } })),
  );

describe("deploy/k3s", () => {
  test.each(documents.map((d) => [`${d.file} ${d.object.kind}/${d.object.metadata.name}`, d.object] as const))("%s is a valid Kubernetes object", (_, object) => {
    const Model = models[object.kind];
    expect(Model, `no schema registered for ${object.kind}`).toBeDefined();
    expect(() => new Model!(object as never).validate()).not.toThrow();
  });

  test("the kustomization lists every manifest except the secret template", () => {
    const kustomization = parseAllDocuments(readFileSync(path.join(dir, "kustomization.yaml"), "utf8"))[0]!.toJS() as { resources: string[] };
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml") && !["kustomization.yaml", "secret.example.yaml"].includes(f));
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  test("config and secret only name variables the app reads", () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const { object } of documents) {
      const data = (object as { data?: Record<string, string>; stringData?: Record<string, string> }).data ?? (object as { stringData?: Record<string, string> }).stringData;
      if (object.kind !== "ConfigMap" && object.kind !== "Secret") continue;
      expect(Object.keys(data ?? {}).filter((k) => !known.has(k))).toEqual([]);
    }
  });
});
