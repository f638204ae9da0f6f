// Validates Kubernetes manifests (a multi-document YAML stream on stdin, e.g. `kubectl kustomize
// deploy/base`) against the Kubernetes and Knative API schemas that the kubernetes-models packages
// generate from the upstream OpenAPI and CRD definitions: types, required fields, enums, formats.
// A kind with no schema here is an error, never skipped. Unknown fields are not caught by these
// schemas; kubeconform -strict (the Manifests workflow) catches those.
//
//   kubectl kustomize deploy/base | node lint/k8s-validate.mjs deploy/base
import { parseAllDocuments } from "yaml";

// apiVersion group -> package folder that holds its models.
const packages = {
  "": "kubernetes-models",
  "apps": "kubernetes-models/apps",
  "batch": "kubernetes-models/batch",
  "networking.k8s.io": "kubernetes-models/networking.k8s.io",
  "policy": "kubernetes-models/policy",
  "autoscaling": "kubernetes-models/autoscaling",
  "rbac.authorization.k8s.io": "kubernetes-models/rbac.authorization.k8s.io",
  "serving.knative.dev": "@kubernetes-models/knative/serving.knative.dev",
};

const label = process.argv[2] ?? "stdin";
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = parseAllDocuments(Buffer.concat(chunks).toString("utf8"));

let problems = 0;
const report = (where, message) => {
  problems += 1;
  console.error(`${label}: ${where}: ${message}`);
};

for (const document of documents) {
  if (document.errors.length) {
    document.errors.forEach((e) => report("YAML", e.message));
    continue;
  }
  const resource = document.toJS();
  if (resource == null) continue;
  const where = `${resource.kind}/${resource.metadata?.name}`;
  const [group, version] = resource.apiVersion?.includes("/")
    ? resource.apiVersion.split("/")
    : ["", resource.apiVersion];
  const folder = packages[group];
  if (!folder || !version) {
    report(where, `no schema for apiVersion ${resource.apiVersion}: add its models package to lint/`);
    continue;
  }
  let models;
  try {
    models = await import(`${folder}/${version}`);
  } catch {
    report(where, `no schema for apiVersion ${resource.apiVersion}`);
    continue;
  }
  const Model = models[resource.kind];
  if (!Model) {
    report(where, `no schema for kind ${resource.kind} in ${resource.apiVersion}`);
    continue;
  }
  try {
    new Model(resource).validate();
  } catch (e) {
    report(where, e.message);
  }
}
console.log(`${label}: ${documents.length} resources, ${problems} problems`);
process.exit(problems ? 1 : 0);
