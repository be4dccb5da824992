#!/usr/bin/env bash
# The ConvKit benchmark, one command: installs what it needs, then prints (and saves under
# tests/bench/results/<time>/) the per-layer JMH table and the end-to-end LeNet-5 comparison of
# ConvKit, PyTorch (Debian python3-torch + OpenBLAS/OpenMP) and DJL 0.36 + PyTorch 2.7.1.
#
#   tests/bench/run.sh            everything (about 6 minutes on a quiet 2-core machine)
#   tests/bench/run.sh e2e        only the end-to-end runs
#   tests/bench/run.sh layers     only the JMH layer benchmarks
#
# Environment: EPOCHS (default 3; the first epoch of a Java system includes the JIT warm-up), THREADS (default "1 2"), RUN_TIMEOUT seconds per run (default 900).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
what=${1:-all}
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-"1 2"}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
DATA=/usr/share/datasets/fashion-mnist

apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bench: installing Debian packages: ${missing[*]}" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# 1. What the runs need: the data, PyTorch with OpenMP OpenBLAS, NumPy (JDK 17+ and Maven are assumed, as for ./convkit).
apt_install dataset-fashion-mnist python3-torch python3-numpy libopenblas0-openmp

# 2. Build the library and the benchmark module (JMH, DJL and its PyTorch native jar come from Maven Central).
echo "bench: building (mvn -Pbench)..." >&2
mvn -q -B -f "$root/pom.xml" -Pbench -pl tests/bench -am package -DskipTests >&2
CP="$here/target/classes:$(cat "$here/target/classpath.txt")"
JAVA=(java --add-modules jdk.incubator.vector -Xmx1g)
# End to end, the Java systems run with C2 only: one epoch includes the JIT warm-up, and on 2 cores
# the tiered compilers' extra work competes with the 2 compute threads (about 20% of ConvKit's
# first epoch here). ConvKit is also run with the JVM's default flags, as a row of its own.
JIT=(-XX:-TieredCompilation)

out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{ echo "date: $(date -u)"; echo "java: $(java -version 2>&1 | head -1)"; echo "command: tests/bench/run.sh $*";
  echo "torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)"; lscpu; } > "$out/machine.txt"
echo "bench: results in $out" >&2

# 3. Per-layer kernels with JMH.
if [ "$what" = all ] || [ "$what" = layers ]; then
  echo "== layers (JMH), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/layers.txt"
  "${JAVA[@]}" -cp "$CP" convkit.bench.LayerReport 2>&1 | grep -v "^WARNING: Using incubator" | tee -a "$out/layers.txt" \
    | grep -E '^\||^Peak|^# (Run|Warmup|Measurement)|Result' >&2 || true
  sed -n '/^Peak float32/,$p' "$out/layers.txt"
fi

# 4. End to end: each system in its own process, so each has its own peak memory.
run() { # name, then the command
  local name=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  echo "bench: $name (load $load)..." >&2
  local line
  if line=$(timeout "$RUN_TIMEOUT" "$@" 2>"$out/$name.err" | grep '^{' | tail -1) && [ -n "$line" ]; then
    echo "{\"run\": \"$name\", \"load1_before\": $load, \"result\": $line}" | tee -a "$out/e2e.jsonl" >&2
  else
    echo "{\"run\": \"$name\", \"load1_before\": $load, \"failed\": \"exit or timeout after ${RUN_TIMEOUT}s, see $name.err\"}" | tee -a "$out/e2e.jsonl" >&2
  fi
}
if [ "$what" = all ] || [ "$what" = e2e ]; then
  for t in $THREADS; do
    run "convkit-$t" "${JAVA[@]}" "${JIT[@]}" -cp "$CP" convkit.bench.ConvKitLeNet "$t" "$EPOCHS" "$DATA"
    run "convkit-defaultjit-$t" "${JAVA[@]}" -cp "$CP" convkit.bench.ConvKitLeNet "$t" "$EPOCHS" "$DATA"
    run "pytorch-$t" env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$t" \
      /usr/bin/python3 "$here/lenet_torch.py" "$t" "$EPOCHS" "$DATA"
    run "djl-$t" env OMP_NUM_THREADS="$t" "${JAVA[@]}" "${JIT[@]}" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$t" \
      -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" convkit.bench.DjlLeNet "$t" "$EPOCHS" "$DATA"
  done
  /usr/bin/python3 "$here/summarize.py" "$out/e2e.jsonl" | tee "$out/e2e.md"
fi
