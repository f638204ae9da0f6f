#!/usr/bin/env bash
# Pins deploy/ to released images by digest: writes the kustomize `images:` list of
# deploy/components/images (used by every overlay), mapping the image names the services' config
# generates to ghcr.io/<owner>/gps-replay-<service>@sha256:... . The Images workflow runs it after a
# tag and opens a pull request with the result.
#
#   deploy/pin-digests.sh <owner> <version>            # asks the registry for the digests
#   deploy/pin-digests.sh <owner> <version> <replayer digest> <query-api digest>
#
# Asking the registry needs `docker buildx` (logged in, for private images).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if (($# != 2 && $# != 4)); then
  echo "usage: deploy/pin-digests.sh <owner> <version> [<replayer digest> <query-api digest>]" >&2
  exit 2
fi
owner=${1,,}
version=$2
declare -A digests=()
if (($# == 4)); then
  digests[replayer]=$3
  digests[query-api]=$4
fi

# The image the generated manifests name, e.g. ghcr.io/gps-replay/gps-replay-replayer (without tag).
generated_image() {
  sed -n 's/^ *image: *\(ghcr\.io\/[^:@]*\).*/\1/p' "deploy/base/$1.yml" | head -n 1
}

digest_of() {
  docker buildx imagetools inspect "$1" --format '{{json .Manifest}}' |
    sed -n 's/.*"digest":"\(sha256:[0-9a-f]\{64\}\)".*/\1/p' | head -n 1
}

file=deploy/components/images/kustomization.yaml
{
  sed '/^images:/,$d' "$file"
  echo "images:"
  for service in replayer query-api; do
    released="ghcr.io/${owner}/gps-replay-${service}"
    digest=${digests[$service]:-$(digest_of "${released}:${version}")}
    if [[ ! $digest =~ ^sha256:[0-9a-f]{64}$ ]]; then
      echo "no digest for ${released}:${version} (got '${digest}')" >&2
      exit 1
    fi
    echo "  - name: $(generated_image "$service")"
    echo "    newName: ${released}"
    echo "    digest: ${digest}   # ${version}"
  done
} >"$file.new"
mv "$file.new" "$file"
echo "pinned in $file:"
sed -n '/^images:/,$p' "$file"
