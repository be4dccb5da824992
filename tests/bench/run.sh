#!/usr/bin/env bash
# The ConvKit benchmark, one command: installs what it needs, then prints (and saves under
# tests/bench/results/<time>/) the per-layer JMH table and the end-to-end comparison of ConvKit,
# PyTorch (Debian python3-torch on OpenBLAS/OpenMP, in two settings) and DJL 0.36 + PyTorch 2.7.1.
#
#   tests/bench/run.sh [MODE] [--rounds N]
#
#   MODE  all        layers, then e2e (the default)
#         e2e        the end-to-end runs only: LeNet-5 on all of Fashion-MNIST, the wide CNN on a subset
#         layers     the JMH per-layer table only (LAYERS=wide1,wide2,wide3 for some layers only)
#         neighbour  e2e with one busy-looping process beside every run (started before, killed after)
#   --rounds N       repeat the end-to-end runs N times (default 1), interleaved: round 1 runs every
#                    system once, then round 2 ...; the summary shows medians with [min-max]
#
# Systems, per thread count (THREADS) and model (MODELS):
#   convkit        ConvKit, the JVM's default flags (as ./convkit train runs it)
#   pytorch-fast   PyTorch on Debian's OpenMP OpenBLAS with its AVX-512 kernels: LD_LIBRARY_PATH=
#                  /usr/lib/x86_64-linux-gnu/openblas-openmp, OPENBLAS_CORETYPE=Cooperlake,
#                  OPENBLAS_L2_SIZE unset (its fastest setting here); the reference of every ratio
#   pytorch-env    PyTorch as the environment leaves it (its OPENBLAS_* variables and libblas.so.3);
#                  labelled with the OpenBLAS kernel set it ran (openblas_get_corename)
#   djl            DJL with the JVM's default flags (LeNet-5 only)
#   convkit-nolagcheck  ConvKit with -Dconvkit.lagcheck=false (Exec's lagging-helper check off; not in the default SYSTEMS)
#   convkit-nojitadvice  ConvKit with -Dconvkit.jitadvice=false (C2 compiles the Vector API's fallbacks too, as
#                  before issue 19's fourth round; not in the default SYSTEMS)
#   convkit-dataparallel  ConvKit with -Dconvkit.dataparallel=true (the data-parallel training path, off by default; not in the default SYSTEMS)
#
# Environment: EPOCHS (LeNet-5, default 3), THREADS (default "1 2"), MODELS (default "lenet5 widecnn"),
# WIDE_TRAIN / WIDE_TEST / WIDE_EPOCHS (the wide CNN's subset: the first 5000 training and 2000 test
# images, 2 epochs), SYSTEMS (default "convkit pytorch-fast pytorch-env djl"), WIDE_SYSTEMS (those
# that run the wide CNN, default "convkit pytorch-fast"), RUN_TIMEOUT seconds per run (default 900),
# LAYERS (the JMH layers, default all five).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
what=all
ROUNDS=1
while [ $# -gt 0 ]; do
  case "$1" in
    all|e2e|layers|neighbour) what=$1 ;;
    --rounds) ROUNDS=${2:?"--rounds needs a number"}; shift ;;
    --rounds=*) ROUNDS=${1#--rounds=} ;;
    *) echo "run.sh: unknown argument '$1'; expected all, e2e, layers or neighbour, and --rounds N" >&2; exit 2 ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds needs a whole number >= 1, got '$ROUNDS'" >&2; exit 2; }
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-"1 2"}
MODELS=${MODELS:-"lenet5 widecnn"}
WIDE_TRAIN=${WIDE_TRAIN:-5000}
WIDE_TEST=${WIDE_TEST:-2000}
WIDE_EPOCHS=${WIDE_EPOCHS:-2}
SYSTEMS=${SYSTEMS:-"convkit pytorch-fast pytorch-env djl"}
WIDE_SYSTEMS=${WIDE_SYSTEMS:-"convkit pytorch-fast"}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
LAYERS=${LAYERS:-conv1,conv2,wide1,wide2,wide3}
DATA=/usr/share/datasets/fashion-mnist
OPENBLAS_OMP=/usr/lib/x86_64-linux-gnu/openblas-openmp

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
JAVA=(java --add-modules jdk.incubator.vector) # the JVM's defaults otherwise, as ./convkit runs

out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{ echo "date: $(date -u)"; echo "java: $(java -version 2>&1 | head -1)"; echo "command: tests/bench/run.sh $what --rounds $ROUNDS"
  echo "torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)"
  echo "environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset} LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-unset}"
  echo "avx512 flags: $(grep -o -w 'avx512[a-z0-9_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  if command -v gcc >/dev/null && gcc -O3 -march=native -o "$out/fma_peak" "$here/fma_peak.c" 2>/dev/null; then
    "$out/fma_peak" > "$out/fma_1core.txt"
    echo "measured FMA peak, 1 core: $(cat "$out/fma_1core.txt")"
    echo "measured FMA peak, 2 cores at once: $( ("$out/fma_peak" & "$out/fma_peak"; wait) | tr '\n' ' ')"
  fi
  lscpu; } > "$out/machine.txt"
echo "bench: results in $out" >&2

# 3. Per-layer kernels with JMH.
if [ "$what" = all ] || [ "$what" = layers ]; then
  echo "== layers (JMH), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/layers.txt"
  # the clock for the peak: the measured FMA rate of one core / (2 FMA units x 16 lanes x 2), else the 2.1 GHz base clock
  GHZ=$(awk '{ printf "%.2f", $1 / 64 }' "$out/fma_1core.txt" 2>/dev/null || true); GHZ=${GHZ:-2.1}
  echo "peak clock used: $GHZ GHz" | tee -a "$out/layers.txt"
  "${JAVA[@]}" -cp "$CP" convkit.bench.LayerReport "$GHZ" 2 "$LAYERS" 2>&1 | grep -v "^WARNING: Using incubator" | tee -a "$out/layers.txt" \
    | grep -E '^\||^Peak|^# (Run|Warmup|Measurement)|Result' >&2 || true
  sed -n '/^Peak float32/,$p' "$out/layers.txt"
fi

# 4. End to end: each system in its own process, so each has its own peak memory.
neighbour=""
stop_neighbour() { if [ -n "$neighbour" ]; then kill "$neighbour" 2>/dev/null || true; wait "$neighbour" 2>/dev/null || true; neighbour=""; fi; }
trap stop_neighbour EXIT
run() { # round, name, then the command
  local round=$1 name=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  [ "$what" = neighbour ] && { bash -c 'while :; do :; done' & neighbour=$!; }
  echo "bench: round $round, $name (load $load)${neighbour:+, busy neighbour pid $neighbour}..." >&2
  local line
  if line=$(timeout "$RUN_TIMEOUT" "$@" 2>"$out/$name-r$round.err" | grep '^{' | tail -1) && [ -n "$line" ]; then
    echo "{\"run\": \"$name\", \"round\": $round, \"neighbour\": $([ -n "$neighbour" ] && echo true || echo false), \"load1_before\": $load, \"result\": $line}" | tee -a "$out/e2e.jsonl" >&2
  else
    echo "{\"run\": \"$name\", \"round\": $round, \"load1_before\": $load, \"failed\": \"exit or timeout after ${RUN_TIMEOUT}s, see $name-r$round.err\"}" | tee -a "$out/e2e.jsonl" >&2
  fi
  stop_neighbour
}
if [ "$what" != layers ]; then
  for round in $(seq 1 "$ROUNDS"); do
    for t in $THREADS; do
      for model in $MODELS; do
        if [ "$model" = lenet5 ]; then args=("$EPOCHS" "$DATA" 0 lenet5 0); else args=("$WIDE_EPOCHS" "$DATA" "$WIDE_TRAIN" "$model" "$WIDE_TEST"); fi
        systems=$SYSTEMS; [ "$model" = lenet5 ] || systems=$WIDE_SYSTEMS
        for s in $systems; do
          case "$s" in
            convkit) run "$round" "convkit-$model-$t" "${JAVA[@]}" -cp "$CP" convkit.bench.ConvKitLeNet "$t" "${args[@]}" ;;
            convkit-nolagcheck) run "$round" "convkit-nolagcheck-$model-$t" "${JAVA[@]}" -Dconvkit.lagcheck=false -cp "$CP" \
                convkit.bench.ConvKitLeNet "$t" "${args[@]}" ;;
            convkit-nojitadvice) run "$round" "convkit-nojitadvice-$model-$t" "${JAVA[@]}" -Dconvkit.jitadvice=false -cp "$CP" \
                convkit.bench.ConvKitLeNet "$t" "${args[@]}" ;;
            convkit-dataparallel) run "$round" "convkit-dataparallel-$model-$t" "${JAVA[@]}" -Dconvkit.dataparallel=true -cp "$CP" \
                convkit.bench.ConvKitLeNet "$t" "${args[@]}" ;;
            pytorch-fast) run "$round" "pytorch-fast-$model-$t" env -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="$OPENBLAS_OMP" OPENBLAS_CORETYPE=Cooperlake \
                OMP_NUM_THREADS="$t" /usr/bin/python3 "$here/lenet_torch.py" "$t" "${args[@]}" ;;
            pytorch-env) run "$round" "pytorch-env-$model-$t" env OMP_NUM_THREADS="$t" /usr/bin/python3 "$here/lenet_torch.py" "$t" "${args[@]}" ;;
            djl) if [ "$model" = lenet5 ]; then run "$round" "djl-$model-$t" env OMP_NUM_THREADS="$t" "${JAVA[@]}" -Dai.djl.offline=true \
                -Dai.djl.pytorch.num_threads="$t" -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" convkit.bench.DjlLeNet "$t" "$EPOCHS" "$DATA"; fi ;;
            *) echo "run.sh: unknown system '$s' in SYSTEMS" >&2; exit 2 ;;
          esac
        done
      done
    done
  done
  /usr/bin/python3 "$here/summarize.py" "$out/e2e.jsonl" | tee "$out/e2e.md"
fi
