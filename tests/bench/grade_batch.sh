#!/usr/bin/env bash
# Benchmark of `convkit grade batch` (not a test): generates a class of assignment-1 submissions in a
# temporary folder and grades it, then prints submissions per minute.
#
#   tests/bench/grade_batch.sh               100 submissions, 2 at a time
#   N=40 JOBS=1 tests/bench/grade_batch.sh   fewer submissions, one at a time
#
# The class: 50% reference solutions (folders, .java files named after the student, notebooks),
# 15% typical mistakes (kernel not flipped, stride ignored), 15% untouched handouts, and 20%
# hostile or broken code: a method that loops forever (10%), System.exit (5%), code that does
# not compile (5%). Each student is graded with the assignment's own limits (10 s per test), so an endless
# loop costs its 10+ s as it would in a real course. KEEP=1 keeps the folder (reports, summary.html).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-100}
JOBS=${JOBS:-2}
sol="$root/tests/assignments/solutions/assignment1/Convolutions.java"
handout="$root/tests/assignments/handout/assignment1/Convolutions.java"
notebook="$root/tests/assignments/solutions/notebooks/assignment1.ipynb"
work=$(mktemp -d "${TMPDIR:-/tmp}/convkit-bench-batch.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
class="$work/class"
mkdir -p "$class"

hook='    public static double[] convolve1d(double[] x, double[] w, int stride, int padding) {'
when='        if (w.length == 3 && w[1] == 0.5) {'
reference=$(cat "$sol")

# write_mutant NAME FROM TO [FROM TO ...]: the reference with each FROM replaced by TO, as NAME/Convolutions.java.
write_mutant() {
  local name=$1 text=$reference; shift
  while [ $# -ge 2 ]; do
    [[ $text == *"$1"* ]] || { echo "grade_batch.sh: \"$1\" is not in the reference solution" >&2; exit 1; }
    text=${text//"$1"/"$2"}; shift 2
  done
  mkdir -p "$class/$name" && printf '%s\n' "$text" > "$class/$name/Convolutions.java"
}

for i in $(seq -w 1 "$N"); do
  s="student$i"
  case $((10#$i % 10)) in
    0|1|2) mkdir -p "$class/$s" && cp "$sol" "$class/$s/" ;;
    3) cp "$sol" "$class/$s.java" ;;
    4) cp "$notebook" "$class/$s.ipynb" ;;
    5) write_mutant "$s" 'reversed[k] = w[w.length - 1 - k]' 'reversed[k] = w[k]' 'r[u][v] = w[kh - 1 - u][kw - 1 - v]' 'r[u][v] = w[u][v]' ;;
    6) if [ $((10#$i % 20)) -eq 6 ]; then
         write_mutant "$s" 'int i = t * stride + k - padding;' 'int i = t + k - padding;'
       else
         mkdir -p "$class/$s" && cp "$handout" "$class/$s/"
       fi ;;
    7) write_mutant "$s" "$hook" "$hook"$'\n'"$when"$'\n''            while (x.length >= 0) { Thread.onSpinWait(); }'$'\n''        }' ;;
    8) if [ $((10#$i % 20)) -eq 8 ]; then
         write_mutant "$s" "$hook" "$hook"$'\n'"$when"$'\n''            System.exit(0);'$'\n''        }'
       else
         write_mutant "$s" 'return y;' 'return y'
       fi ;;
    9) mkdir -p "$class/$s" && cp "$handout" "$class/$s/" ;;
  esac
done
echo "grade_batch.sh: $N submissions of assignment 1 in $class, $JOBS at a time, on $(nproc) processors" >&2

start=$(date +%s.%N)
"$root/convkit" grade batch --assignment 1 --submissions "$class" --out "$work/graded" --jobs "$JOBS" --progress text
end=$(date +%s.%N)
python3 - "$start" "$end" "$N" "$JOBS" <<'EOF'
import sys
start, end, n, jobs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = end - start
print(f"grade_batch.sh: {n} submissions in {s:.1f} s with --jobs {jobs}: {n * 60 / s:.1f} submissions per minute (launcher start-up included)")
EOF
[ "${KEEP:-0}" = 1 ] && echo "grade_batch.sh: kept $work (graded/summary.html)" >&2
exit 0
