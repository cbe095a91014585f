#!/usr/bin/env bash
# Runs one of the project's jobs. See ./submit.sh --help.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'USAGE'
Usage: ./submit.sh <job> [job arguments...]

Jobs:
  smoke    ResNet (Euler, 20 layers) on the paper's spiral data, in-process; prints the loss curve.

Builds the project with Maven when target/ is missing or older than the sources.
USAGE
}

if [[ $# -lt 1 || "$1" == "--help" || "$1" == "-h" ]]; then
  usage
  exit 0
fi

job="$1"
shift
case "$job" in
  smoke) main_class="org.odenet.jobs.SmokeJob" ;;
  *)
    echo "submit.sh: unknown job '$job'. Run ./submit.sh --help for the list." >&2
    exit 2
    ;;
esac

classpath_file="$here/target/classpath.txt"
newest_source="$(find "$here/src/main" "$here/pom.xml" -newer "$classpath_file" -print -quit 2>/dev/null || true)"
if [[ ! -f "$classpath_file" || -n "$newest_source" ]]; then
  echo "submit.sh: building the project (mvn package)..." >&2
  if ! mvn -B -q -f "$here/pom.xml" -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$classpath_file" >&2; then
    echo "submit.sh: the build failed; run 'mvn -B -DskipTests package' to see why." >&2
    exit 1
  fi
fi

exec java "@$here/conf/java-options" -cp "$here/target/classes:$(cat "$classpath_file")" "$main_class" "$@"
