#!/usr/bin/env bash
# Runs a job of odenet-spark through spark-submit. See ./submit.sh --help.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jobs_known=(smoke architectures tableaux mnist robustness augmentation compare generate-data benchmark)

usage() {
  cat <<'USAGE'
Usage: ./submit.sh <job> [--master URL] [--driver-memory SIZE] [--conf key=value]... [--config FILE] [key=value]...

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
  --master URL        Spark master (default local[*]); e.g. spark://host:7077, yarn
  --driver-memory SIZE  heap of the driver JVM, e.g. 8g or 512m (same as --conf spark.driver.memory=SIZE;
                      default ODENET_DRIVER_MEMORY, else conf/spark-defaults.conf's 4g); in local mode the
                      training data and the engine=driver passes live there
  --conf key=value    a Spark setting, passed to spark-submit (repeatable); defaults: conf/spark-defaults.conf
  --config FILE       another job configuration file
  key=value           override a key of the job's configuration, e.g. iterations=200 output=/tmp/run
  -h, --help          this text

Environment: SPARK_HOME (use that Spark's spark-submit), ODENET_DRIVER_MEMORY (driver heap when neither
--driver-memory nor --conf spark.driver.memory is given), ODENET_LOG_CONFIG (a log4j2 file instead of conf/log4j2.properties). Output goes to the job's 'output' directory: models, histories, figures, index.html.
USAGE
}

die() {
  echo "submit.sh: $1" >&2
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
spark_args=()
app_args=()
# A Spark setting; spark.driver.memory is the driver JVM's heap, handled as --driver-memory (the last one wins).
add_conf() {
  if [[ "$1" == spark.driver.memory=* ]]; then
    driver_memory="${1#spark.driver.memory=}"
    memory_source="--conf spark.driver.memory"
  else
    spark_args+=(--conf "$1")
  fi
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) [[ $# -ge 2 ]] || die "--master needs a URL"; master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --driver-memory) [[ $# -ge 2 ]] || die "--driver-memory needs a size, e.g. 8g"
      driver_memory="$2"; memory_source="--driver-memory"; shift 2 ;;
    --driver-memory=*) driver_memory="${1#--driver-memory=}"; memory_source="--driver-memory"; shift ;;
    --conf) [[ $# -ge 2 ]] || die "--conf needs key=value"; add_conf "$2"; shift 2 ;;
    --conf=*) add_conf "${1#--conf=}"; shift ;;
    --config) [[ $# -ge 2 ]] || die "--config needs a file"; config="$2"; shift 2 ;;
    --config=*) config="${1#--config=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) app_args+=("$1"); shift ;;
  esac
done
[[ -f "$config" ]] || die "configuration file '$config' not found"

# The driver's heap: --driver-memory or --conf spark.driver.memory, else ODENET_DRIVER_MEMORY, else the
# properties file's spark.driver.memory, else 4g. Spark's sizes: a number with k, m, g or t (optionally with b);
# a bare number is MiB.
if [[ -z "$driver_memory" && -n "${ODENET_DRIVER_MEMORY:-}" ]]; then
  driver_memory="$ODENET_DRIVER_MEMORY"
  memory_source="ODENET_DRIVER_MEMORY"
fi
if [[ -z "$driver_memory" ]]; then
  driver_memory="$(awk '$1 == "spark.driver.memory" { print $2 }' "$here/conf/spark-defaults.conf" | tail -n 1)"
  driver_memory="${driver_memory:-4g}"
  memory_source="conf/spark-defaults.conf"
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
status=0
if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] || die "SPARK_HOME is set but $SPARK_HOME/bin/spark-submit is missing"
  extra_jars="$(find "$here/target/app-lib" -name '*.jar' | sort | paste -sd, -)"
  "$SPARK_HOME/bin/spark-submit" --master "$master" --class org.odenet.jobs.Main \
    --properties-file "$here/conf/spark-defaults.conf" --jars "$extra_jars" --driver-memory "$driver_memory" \
    --driver-java-options "-Dlog4j2.configurationFile=$log_config" \
    "${spark_args[@]}" "$jar" "$job" --config "$config" "${app_args[@]}" || status=$?
else
  if [[ "$master" == local* ]]; then
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  fi
  # This JVM is the driver (spark-submit's own launcher would start it with the heap; here we do).
  java -Xmx"$driver_xmx" "@$here/conf/java-options" -Dlog4j2.configurationFile="$log_config" \
    -cp "$jar:$(cat "$classpath_file")" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --class org.odenet.jobs.Main --properties-file "$here/conf/spark-defaults.conf" \
    --conf spark.driver.memory="$driver_memory" \
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
