#!/usr/bin/env bash
# Runs a job of odenet-spark through spark-submit. See ./submit.sh --help.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jobs_known=(smoke architectures tableaux mnist robustness augmentation compare generate-data benchmark)

usage() {
  cat <<'USAGE'
Usage: ./submit.sh <job> [--master URL] [--driver-memory SIZE] [--conf key=value]... [spark-submit options]
                   [--config FILE] [key=value]...

Runs a job through spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, otherwise Spark's
SparkSubmit class on the project's own classpath (no Spark installation needed). Builds the project with
Maven first when target/ is missing or older than the sources.

Jobs (settings in jobs/<job>.properties, every key documented there):
  smoke           quick end-to-end check: the four nets on the spiral data, figures, report (< 2 min)
  architectures   paper 5.2: Net, ResNet, ODENet, ODENet+simplex on the four toy data sets
  tableaux        paper 5.3: Euler, Improved Euler, Kutta3, Kutta4 on the four toy data sets
  mnist           paper 5.4: the four nets on MNIST100
  robustness      accuracy of the four nets under FGSM perturbations (toy data sets, MNIST100)
  augmentation    the four nets with and without extra zero channels (donut2d, squares)
  compare         time to accuracy: our networks vs MLlib's MLP and LogisticRegression on MNIST
  generate-data   writes the toy data sets as libsvm, csv or parquet
  benchmark       performance: kernel vs dgemm, vs Spark MLlib's MLP, toy-size overhead, scaling,
                  transform rows/s (sections=inference for that one alone)

Options:
  --master URL        Spark master (default local[*]); e.g. spark://host:7077, yarn. A local master binds to
                      127.0.0.1 (SPARK_LOCAL_IP, unless already set)
  --driver-memory SIZE  heap of the driver JVM, e.g. 8g or 512m (same as --conf spark.driver.memory=SIZE;
                      default ODENET_DRIVER_MEMORY, else the spark-defaults.conf below, else 4g); in local mode
                      the training data and the engine=driver passes live there
  --conf key=value    a Spark setting, passed to spark-submit (repeatable)
  --config FILE       another job configuration file
  key=value           override a key of the job's configuration, e.g. iterations=200 output=/tmp/run
  -h, --help          this text

spark-submit's own options pass through: --deploy-mode, --driver-cores, --driver-java-options,
--driver-class-path, --driver-library-path, --executor-memory, --executor-cores, --num-executors,
--total-executor-cores, --jars, --packages, --exclude-packages, --repositories, --files, --archives, --name,
--queue, --proxy-user, --principal, --keytab, --supervise, --verbose. Without SPARK_HOME this script starts
the driver JVM itself, so it applies the --driver-* ones (java options, class path, library path) there.
Any other option is an error.

Spark settings, lowest precedence first: conf/spark-defaults.conf (this project's), then the distribution's
$SPARK_CONF_DIR/spark-defaults.conf (default $SPARK_HOME/conf; its values win over the project's), then the
command line (--conf and the options above win over both). --jars and the driver's java options are merged,
not replaced: the job's own jars, the distribution's spark.jars and yours; the driver's java options of this
script, of the distribution and yours, in that order.

Environment: SPARK_HOME (use that Spark's spark-submit), ODENET_DRIVER_MEMORY (driver heap when neither
--driver-memory nor --conf spark.driver.memory is given), ODENET_LOG_CONFIG (a log4j2 file instead of
conf/log4j2.properties). Output goes to the job's 'output' directory: models, histories, figures, index.html.
USAGE
}

die() {
  echo "submit.sh: $*" >&2
  exit 2
}

if [[ $# -lt 1 ]]; then
  usage >&2
  exit 2
fi
case "$1" in
  -h | --help) usage; exit 0 ;;
esac

job="$1"
shift
known=false
for j in "${jobs_known[@]}"; do
  [[ "$j" == "$job" ]] && known=true
done
$known || die "unknown job '$job'; known jobs: ${jobs_known[*]} (see ./submit.sh --help)"

master="local[*]"
config="$here/jobs/$job.properties"
driver_memory=""
memory_source=""
spark_args=()         # spark-submit options passed through as given
user_jars=""          # --jars and --conf spark.jars, comma-separated
user_java_options=""  # --driver-java-options and --conf spark.driver.extraJavaOptions
user_class_path=""    # --driver-class-path and --conf spark.driver.extraClassPath
user_library_path=""  # --driver-library-path and --conf spark.driver.extraLibraryPath
app_args=()
append() { # append VALUE to the variable NAME, separated by SEPARATOR
  local -n target="$1"
  target="${target:+$target$2}$3"
}
# A Spark setting. The driver's memory, java options, class and library path and the jars are merged with the
# script's own (see --help); the last --driver-memory or spark.driver.memory wins.
add_conf() {
  [[ "$1" == *=* ]] || die "--conf needs key=value, got '$1'"
  local key="${1%%=*}" value="${1#*=}"
  case "$key" in
    spark.driver.memory) driver_memory="$value"; memory_source="--conf spark.driver.memory" ;;
    spark.driver.extraJavaOptions) append user_java_options " " "$value" ;;
    spark.driver.extraClassPath) append user_class_path : "$value" ;;
    spark.driver.extraLibraryPath) append user_library_path : "$value" ;;
    spark.jars) append user_jars , "$value" ;;
    *) spark_args+=(--conf "$1") ;;
  esac
}
while [[ $# -gt 0 ]]; do
  option="$1"
  inline=false
  if [[ "$option" == --*=* ]]; then
    value="${option#*=}"
    option="${option%%=*}"
    inline=true
  fi
  case "$option" in
    --master | --driver-memory | --conf | --config | --jars | --driver-java-options | --driver-class-path | \
    --driver-library-path | --deploy-mode | --driver-cores | --executor-memory | --executor-cores | \
    --num-executors | --total-executor-cores | --packages | --exclude-packages | --repositories | --files | \
    --archives | --name | --queue | --proxy-user | --principal | --keytab)
      if ! $inline; then
        [[ $# -ge 2 ]] || die "$option needs a value (see ./submit.sh --help)"
        value="$2"
        shift
      fi
      shift
      case "$option" in
        --master) master="$value" ;;
        --driver-memory) driver_memory="$value"; memory_source="--driver-memory" ;;
        --conf) add_conf "$value" ;;
        --config) config="$value" ;;
        --jars) append user_jars , "$value" ;;
        --driver-java-options) append user_java_options " " "$value" ;;
        --driver-class-path) append user_class_path : "$value" ;;
        --driver-library-path) append user_library_path : "$value" ;;
        *) spark_args+=("$option" "$value") ;;
      esac
      ;;
    --verbose | --supervise) $inline && die "$option takes no value"; spark_args+=("$option"); shift ;;
    -h | --help) usage; exit 0 ;;
    --class) die "--class: the main class is the job's, org.odenet.jobs.Main; name the job instead" ;;
    --properties-file) die "--properties-file: the settings come from conf/spark-defaults.conf and the" \
      "distribution's spark-defaults.conf; give others with --conf key=value" ;;
    -*) die "unknown option '$1'; see ./submit.sh --help for the options this script and spark-submit take" ;;
    *) app_args+=("$1"); shift ;;
  esac
done
[[ -f "$config" ]] || die "configuration file '$config' not found"

# The value of KEY in the properties file FILE (key, then blanks, '=' or ':', then the value; the last one
# wins), or nothing.
property_of() {
  [[ -f "$1" ]] || return 0
  awk -v key="$2" '
    { sub(/^[ \t]+/, "") }
    /^[#!]/ || $0 == "" { next }
    { k = $0; sub(/[ \t=:].*/, "", k)
      if (k == key) { v = substr($0, length(k) + 1); sub(/^[ \t]*[=:]?[ \t]*/, "", v); sub(/[ \t\r]+$/, "", v); value = v } }
    END { if (value != "") print value }' "$1"
}
project_defaults="$here/conf/spark-defaults.conf"
distribution_defaults=""
if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] || die "SPARK_HOME is set but $SPARK_HOME/bin/spark-submit is missing"
  distribution_defaults="${SPARK_CONF_DIR:-$SPARK_HOME/conf}/spark-defaults.conf"
  [[ -f "$distribution_defaults" ]] || distribution_defaults=""
fi

# The driver's heap: --driver-memory or --conf spark.driver.memory, else ODENET_DRIVER_MEMORY, else the
# distribution's spark-defaults.conf, else the project's, else 4g. Spark's sizes: a number with k, m, g or t
# (optionally with b); a bare number is MiB.
if [[ -z "$driver_memory" && -n "${ODENET_DRIVER_MEMORY:-}" ]]; then
  driver_memory="$ODENET_DRIVER_MEMORY"
  memory_source="ODENET_DRIVER_MEMORY"
fi
for defaults in "$distribution_defaults" "$project_defaults"; do
  if [[ -z "$driver_memory" && -n "$defaults" ]]; then
    driver_memory="$(property_of "$defaults" spark.driver.memory)"
    memory_source="$defaults"
  fi
done
if [[ -z "$driver_memory" ]]; then
  driver_memory=4g
  memory_source="the default"
fi
shopt -s nocasematch
[[ "$driver_memory" =~ ^([0-9]+)([kmgt]?)b?$ ]] \
  || die "$memory_source must be a size such as 8g or 512m, got '$driver_memory'"
shopt -u nocasematch
driver_xmx="${BASH_REMATCH[1]}${BASH_REMATCH[2]:-m}"

# A standalone master must accept a TCP connection within 5 s: Spark alone retries for 60 s and then reports
# only a stopped SparkContext. Checked here, before a JVM starts; the job checks again (org.odenet.jobs.Main).
if [[ "$master" == spark://* ]]; then
  reached=false
  failures=""
  IFS=, read -r -a master_addresses <<< "${master#spark://}"
  for address in "${master_addresses[@]}"; do
    host="${address%:*}"
    port="${address##*:}"
    [[ "$address" == *:* && -n "$host" && "$port" =~ ^[0-9]+$ ]] \
      || die "--master $master: '$address' is not host:port (spark://host:7077)"
    host="${host#[}"
    host="${host%]}"
    if why="$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$host" "$port" 2>&1)"; then
      reached=true
      break
    elif [[ $? -eq 124 ]]; then
      why="no answer within 5 s"
    else
      why="$(head -n 1 <<< "$why")"
      why="${why##*: }"
    fi
    failures+="${failures:+; }$address: $why"
  done
  $reached || die "cannot reach the Spark master $master ($failures); check --master and that the master is running"
fi

jar="$here/target/odenet-spark.jar"
classpath_file="$here/target/classpath.txt"
stale=""
if [[ -f "$jar" && -f "$classpath_file" ]]; then
  stale="$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null || true)"
fi
if [[ ! -f "$jar" || ! -f "$classpath_file" || -n "$stale" ]]; then
  echo "submit.sh: building the project (mvn -DskipTests package)..." >&2
  if ! mvn -B -q -f "$here/pom.xml" -DskipTests package >&2; then
    echo "submit.sh: the build failed; run 'mvn -B -DskipTests package' in $here to see why." >&2
    exit 1
  fi
fi

log_config="file:${ODENET_LOG_CONFIG:-$here/conf/log4j2.properties}"
# Spark runs a task per core already; a multi-threaded native BLAS inside each task would oversubscribe them.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# A local master binds the driver to loopback: Spark would otherwise pick a network interface. SPARK_LOCAL_IP
# covers every service (block manager, UI); the driver's host and bind address say it in the job's settings,
# unless the command line or the distribution's spark-defaults.conf set them.
if [[ "$master" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  for key in spark.driver.host spark.driver.bindAddress; do
    if [[ " ${spark_args[*]} " != *" $key="* && -z "$(property_of "$distribution_defaults" "$key")" ]]; then
      spark_args+=(--conf "$key=$SPARK_LOCAL_IP")
    fi
  done
fi

# Whether the dynamic linker finds libblas.so.3 (the native BLAS netlib tries first): in LD_LIBRARY_PATH, the
# linker's cache or its default directories. Unknown (no ldconfig) counts as found.
native_blas_resolves() {
  local dir cache
  IFS=: read -r -a dirs <<< "${user_library_path:+$user_library_path:}${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}" /lib /usr/lib /lib64 /usr/lib64; do
    [[ -n "$dir" && -e "$dir/libblas.so.3" ]] && return 0
  done
  cache="$( { command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null)" || return 0
  grep -q '^[[:space:]]*libblas\.so\.3 ' <<< "$cache"
}
# The driver's own java options. Without a native BLAS, netlib's loader would print "dlopen(libblas.so.3)
# failed" from native code, which no log level reaches: skip the attempt (the pure-Java BLAS it falls back to
# is the same). Options that configure netlib themselves leave it alone.
driver_options=("-Dlog4j2.configurationFile=$log_config")
if [[ "$user_java_options" != *dev.ludovic.netlib.blas* ]] && ! native_blas_resolves; then
  driver_options+=(-Ddev.ludovic.netlib.blas.allowNative=false)
fi

status=0
if [[ -n "${SPARK_HOME:-}" ]]; then
  jars="$(find "$here/target/app-lib" -name '*.jar' | sort | paste -sd, -)"
  append jars , "$(property_of "$distribution_defaults" spark.jars)"
  append jars , "$user_jars"
  java_options="${driver_options[*]}"
  append java_options " " "$(property_of "$distribution_defaults" spark.driver.extraJavaOptions)"
  append java_options " " "$user_java_options"
  properties=(--properties-file "$project_defaults")
  [[ -n "$distribution_defaults" ]] && properties+=(--extra-properties-file "$distribution_defaults")
  [[ -n "$user_class_path" ]] && spark_args+=(--driver-class-path "$user_class_path")
  [[ -n "$user_library_path" ]] && spark_args+=(--driver-library-path "$user_library_path")
  "$SPARK_HOME/bin/spark-submit" --master "$master" --class org.odenet.jobs.Main "${properties[@]}" \
    ${jars:+--jars "$jars"} --driver-memory "$driver_memory" --driver-java-options "$java_options" \
    "${spark_args[@]}" "$jar" "$job" --config "$config" "${app_args[@]}" || status=$?
else
  # This JVM is the driver: the heap, java options, class and library path that spark-submit's launcher
  # would give it, it gets here.
  user_options=()
  if [[ -n "$user_java_options" ]]; then
    mapfile -d '' user_options < <(xargs printf '%s\0' <<< "$user_java_options")
  fi
  if [[ -n "$user_library_path" ]]; then
    export LD_LIBRARY_PATH="$user_library_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  java -Xmx"$driver_xmx" "@$here/conf/java-options" "${driver_options[@]}" "${user_options[@]}" \
    -cp "${user_class_path:+$user_class_path:}$jar:$(cat "$classpath_file")" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --class org.odenet.jobs.Main --properties-file "$project_defaults" \
    --conf spark.driver.memory="$driver_memory" ${user_jars:+--jars "$user_jars"} \
    "${spark_args[@]}" "$jar" "$job" --config "$config" "${app_args[@]}" || status=$?
fi
if [[ $status -ne 0 ]]; then
  echo "submit.sh: job '$job' failed with exit code $status; the log above says why. Settings: $config" >&2
  if [[ $status -eq 2 ]]; then
    echo "submit.sh: exit code 2 means invalid settings or input; fix them and run again." >&2
  elif [[ $status -eq 52 ]]; then
    echo "submit.sh: exit code 52 means a JVM ran out of heap; the driver had $driver_memory ($memory_source):" \
      "raise it with --driver-memory (e.g. --driver-memory 8g); an executor's is --conf spark.executor.memory." >&2
  fi
fi
exit "$status"
