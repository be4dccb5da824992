#!/usr/bin/env bash
# First-call latency (issue 20): what a student feels in a fresh JVM. Runs N fresh processes per
# measurement (default 10; JDK 17, the flags ./convkit gives java) and prints medians [min-max] of
#   correlate  the first Kernel2d.of(W 5x5).correlate(X 28x28), and the next 14
#   forward    the first and the next 14 Models.lenet5(1).forward on a batch of 64 (2 threads: Exec.defaults())
#   train      the first training step (forward, loss, backward, SGD momentum) on a batch of 64, and the next 14
# each against its warm time (median of the last 50 of 400 more calls in the same process), and the
# same for PyTorch (Debian python3-torch, OpenBLAS/OpenMP, 2 threads) in the same run.
#
#   tests/bench/first_call.sh                 N=10, all modes, ConvKit and PyTorch
#   N=3 MODES=forward SYSTEMS=convkit tests/bench/first_call.sh
#   JAVA_EXTRA="-Dconvkit.warmup=false" TAG=nowarmup tests/bench/first_call.sh
#
# Environment: N, MODES ("correlate forward train"), SYSTEMS ("convkit pytorch"), JAVA_EXTRA (more java
# flags, e.g. a lever to compare), CDS=1 (the class-data archive ./convkit uses; built on the first run),
# SYSTEMS may also hold "jshell": ./convkit jshell from start to a first correlate's printed result (CONVKIT_CDS=0 switches its CDS off),
# PAUSE_MS (ConvKit waits that long between building and the first call: a student reading; default 0),
# LIB_ROOT (measure the library of another checkout or export, e.g. main's, for a before/after table),
# TAG (a name for the results folder). Raw JSON lines and the table go to tests/bench/results/first-call-<time>[-TAG]/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-10}
MODES=${MODES:-"correlate forward train"}
SYSTEMS=${SYSTEMS:-"convkit pytorch"}
read -r -a EXTRA <<< "${JAVA_EXTRA:-}"
[ -n "${PAUSE_MS:-}" ] && EXTRA+=("-Dfirstcall.pause=$PAUSE_MS")

# The library as ./convkit builds it (lib/cli and what it depends on), then this benchmark's main class.
# LIB_ROOT: another checkout whose library to measure (e.g. an export of main, for a before/after table).
lib=${LIB_ROOT:-$root}
stamp="$lib/lib/cli/target/classpath.txt"
if [ ! -f "$stamp" ] || [ -n "$(find "$lib/pom.xml" "$lib/lib" -path '*/target' -prune -o -type f -newer "$stamp" -print -quit)" ]; then
  echo "first_call: building the library in $lib (mvn package)..." >&2
  mvn -q -B -o -f "$lib/pom.xml" -pl lib/cli -am package -DskipTests >&2 || mvn -q -B -f "$lib/pom.xml" -pl lib/cli -am package -DskipTests >&2
  touch "$stamp"
fi
CP="$(ls "$lib"/lib/cli/target/convkit-cli-*.jar | head -1):$(cat "$stamp")"   # jars only, as ./convkit runs them (class-data sharing takes jars)
classes="$here/target/first-call-classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$CP" "$here/src/main/java/convkit/bench/FirstCall.java"
JAVA=(java -Djava.awt.headless=true --add-modules jdk.incubator.vector)   # as ./convkit runs its Java commands
if [ "${CDS:-0}" = 1 ]; then
  # the launcher's archive logic (./convkit: cds_flags), for this class path; this benchmark's
  # main class sits in a folder, which class-data sharing does not take, so it goes into a jar
  source <(sed -n '/^# CDS-BEGIN/,/^# CDS-END/p' "$root/convkit")
  jar --create --file "$here/target/first-call.jar" -C "$classes" .
  classes="$here/target/first-call.jar"
  cds_flags "$CP:$classes" firstcall
  if [ -n "$CDS_TMP" ]; then # a first run writes the archive (not measured)
    echo "first_call: writing the class-data archive (one run of each mode, not measured)..." >&2
    for mode in $MODES; do
      [ -f "$CDS_FILE" ] && break
      java -Djava.awt.headless=true --add-modules jdk.incubator.vector "${CDS_ARGS[@]}" -cp "$CP:$classes" convkit.bench.FirstCall "$mode" >/dev/null 2>&1 || true
      cds_finish
      cds_flags "$CP:$classes" firstcall
    done
  fi
  JAVA+=("${CDS_ARGS[@]}")
fi

out="$here/results/first-call-$(date -u +%Y%m%dT%H%M%SZ)${TAG:+-$TAG}"
mkdir -p "$out"
{ echo "date: $(date -u)"; echo "java: $(java -version 2>&1 | head -1)"; echo "library: $lib ($(git -C "$lib" log -1 --format=%h 2>/dev/null || echo export))"; echo "command: LIB_ROOT=${LIB_ROOT:-} N=$N MODES=\"$MODES\" SYSTEMS=\"$SYSTEMS\" JAVA_EXTRA=\"${JAVA_EXTRA:-}\" CDS=${CDS:-0} PAUSE_MS=${PAUSE_MS:-0} tests/bench/first_call.sh";
  echo "java flags: ${JAVA[*]} ${EXTRA[*]}"; echo "load before: $(cat /proc/loadavg)"; nproc; } > "$out/machine.txt"
echo "first_call: results in $out (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2

if [[ " $SYSTEMS " == *" jshell "* ]]; then # not measured: ./convkit builds what it needs and, unless CONVKIT_CDS=0, writes its archive
  echo /exit | "$root/convkit" jshell -q >/dev/null 2>&1 || true
fi

# Round-robin over the measurements, so that a slow minute of a shared machine spreads over all of them.
for i in $(seq 1 "$N"); do
  for mode in $MODES; do
    for sys in $SYSTEMS; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      case "$sys" in
        convkit) line=$("${JAVA[@]}" "${EXTRA[@]}" -cp "$CP:$classes" convkit.bench.FirstCall "$mode" 2>>"$out/stderr.txt" | grep '^{' | tail -1) || line="" ;;
        jshell) # ./convkit jshell from start to the first printed result (a 28x28 correlate), wall clock
          if [ "$mode" != correlate ]; then continue; fi
          t0=$(date +%s%N)
          got=$(printf 'System.out.println("rows " + Kernel2d.of(Tensor.randn(Shape.of(5, 5), 7)).correlate(Tensor.rand(Shape.of(28, 28), 8)).dim(0));\n/exit\n' \
                | "$root/convkit" jshell -q 2>>"$out/stderr.txt" | grep -o 'rows 24' || true)
          t1=$(date +%s%N)
          if [ "$got" = "rows 24" ]; then
            line="{\"system\": \"jshell${CONVKIT_CDS:+ CONVKIT_CDS=$CONVKIT_CDS}${CONVKIT_JSHELL_C1:+ CONVKIT_JSHELL_C1=$CONVKIT_JSHELL_C1}\", \"mode\": \"start-to-result\", \"build_ms\": 0, \"calls_ms\": [$(( (t1 - t0) / 1000000 ))], \"warm_ms\": 0}"
          else line=""; fi ;;
        pytorch) line=$(env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
                        /usr/bin/python3 "$here/first_call_torch.py" "$mode" 2 2>>"$out/stderr.txt" | grep '^{' | tail -1) || line="" ;;
        *) echo "first_call: SYSTEMS holds convkit, pytorch and/or jshell, got '$sys'" >&2; exit 2 ;;
      esac
      if [ -z "$line" ]; then echo "first_call: $sys $mode run $i failed (see $out/stderr.txt)" >&2; continue; fi
      echo "{\"run\": $i, \"load1_before\": $load, \"result\": $line}" >> "$out/runs.jsonl"
      echo "first_call: $sys $mode $i/$N done" >&2
    done
  done
done
echo "load after: $(cat /proc/loadavg)" >> "$out/machine.txt"
/usr/bin/python3 "$here/first_call_summary.py" "$out/runs.jsonl" | tee "$out/summary.md"
