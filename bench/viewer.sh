#!/usr/bin/env bash
# Viewer benchmark (issue 3): on a generated 100,000 × 80,000 slide under Xvfb, the time from open
# to the first fully sharp frame, frame times during a scripted 10-second zoom and pan, and heap in
# use afterwards, with a 1 GiB heap cap. Prints a compact summary against the goals and appends the
# full result to docs/benchmarks.md.
#   bench/viewer.sh [--width W --height H] [--prism sw|es2] [--jfr FILE] [--frame-indexed] [--no-append]
#     --width/--height  a smaller slide for a quick look (default 100000 × 80000)
#     --prism           force a Prism pipeline; by default JavaFX chooses, as in ./mhimview (on Xvfb
#                       with Mesa's llvmpipe it refuses es2 and falls back to sw)
#     --jfr FILE        also record a Java Flight Recording of the run into FILE
#     --frame-indexed   advance the script one 60th of a second per pulse, not by the clock: the
#                       same 600 views every run, so CPU per frame compares across runs on a busy
#                       machine (frame times then mean little)
#     --no-append       print only; leave docs/benchmarks.md alone
#   BENCH_STDERR=FILE keeps the benchmark JVM's stderr (dropped by default)
#   BENCH_JAVA_OPTS="-Dk=v …" adds JVM options to the benchmark JVM (e.g. -Dmhim.slide.directTiles=false)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
mhim_find_java
cd "$root"

width=100000
height=80000
prism=()
jfr=()
indexed=()
append=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --width) width="$2"; shift 2 ;;
    --height) height="$2"; shift 2 ;;
    --prism) prism=("-Dprism.order=$2"); [[ "$2" == es2 ]] && prism+=(-Dprism.forceGPU=true); shift 2 ;;
    --jfr) jfr=("-XX:StartFlightRecording=filename=$2,settings=profile"); jfr_file="$2"; shift 2 ;;
    --frame-indexed) indexed=(-Dbench.frameIndexed=true); shift ;;
    --no-append) append=0; shift ;;
    *) echo "usage: bench/viewer.sh [--width W --height H] [--prism sw|es2] [--jfr FILE] [--frame-indexed] [--no-append]" >&2; exit 2 ;;
  esac
done

mvn -q -B package -DskipTests >&2
slide="bench/out/viewer-${width}x${height}.tif"
mkdir -p bench/out
if [[ ! -f "$slide" ]]; then
  echo "generating $slide (once; bounded memory: -Xmx2g)…" >&2
  start=$(date +%s)
  MHIM_JAVA_OPTS="-Xmx2g" ./mhimview demo-slide "$slide" --width "$width" --height "$height" --seed 1 >&2
  echo "generated in $(( $(date +%s) - start )) s" >&2
fi

read -ra extra_opts <<<"${BENCH_JAVA_OPTS:-}"
fx_jars=$(find target/lib -name 'javafx-*-linux.jar' | sort | paste -sd:)
cp_jars=$(find target/lib -name '*.jar' ! -name 'javafx-*' | sort | paste -sd:)
# The same JVM options as ./mhimview, plus the heap cap, and an export that lets the benchmark
# name the Prism pipeline JavaFX chose.
cmd=("$JAVA_HOME/bin/java" -Xmx1g "${extra_opts[@]}" "${jfr[@]}" "${prism[@]}" "${indexed[@]}" --module-path "$fx_jars" --add-modules javafx.controls,javafx.swing
  --enable-native-access=ALL-UNNAMED,javafx.graphics --add-exports javafx.graphics/com.sun.prism=ALL-UNNAMED
  -cp "target/classes:target/test-classes:$cp_jars" org.mhim.viewer.ui.ViewerBenchmark "$slide")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(xvfb-run -a -s "-screen 0 1920x1080x24" "${cmd[@]}" 2>${BENCH_STDERR:-/dev/null} | grep -v '^WARNING\|^\[')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$result"

# The compact summary: each number against its goal.
num() { grep -oP "$1" <<<"$result" | head -1; }
first=$(num 'first sharp frame after open: \K[0-9.]+')
p50=$(num 'zoom\+pan: p50 \K[0-9.]+')
p95=$(num 'zoom\+pan: p50 [0-9.]+ ms, p95 \K[0-9.]+')
base95=$(num 'no slide\): p50 [0-9.]+ ms, p95 \K[0-9.]+')
heap=$(num 'after GC\): \K[0-9]+')
pipe=$(num 'Prism pipeline: \K\S+')
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v != "" && v + 0 < g + 0) ? "met" : "NOT met" }'; }
echo
echo "== viewer summary: ${width} × ${height}, Prism ${pipe:-?}, load ${load_before} → ${load_after} =="
printf '  first sharp frame   %8s ms   goal < 500 ms    %s\n' "$first" "$(verdict "$first" 500)"
printf '  frame time p95      %8s ms   goal < 20 ms     %s   (p50 %s ms; idle window p95 %s ms)\n' "$p95" "$(verdict "$p95" 20)" "$p50" "$base95"
printf '  heap afterwards     %8s MiB  goal < 1024 MiB  %s\n' "$heap" "$(verdict "$heap" 1024)"
echo "  CPU per frame (ms)  $(num 'CPU per frame \(ms, load-independent\): \K.*')"
echo "  CPU open → sharp (ms) $(num 'CPU from open to first sharp frame \(ms, load-independent\): \K.*')"
[[ ${#jfr[@]} -gt 0 ]] && echo "  flight recording: ${jfr_file}"
[[ $append -eq 1 ]] || exit 0

{
  echo
  echo "## Viewer: open, navigate, memory — $(date -u +%Y-%m-%d)"
  echo
  echo "- Machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores, load average ${load_before} before, ${load_after} after"
  echo "- Command: \`bench/viewer.sh --width $width --height $height${prism[*]:+ ${prism[*]}}${indexed[*]:+ --frame-indexed}\` (Xvfb, Prism ${pipe:-?} pipeline, -Xmx1g, window 1280 × 800)"
  echo "- Baseline: the same window and pulse timer with no slide open, measured in the same run"
  echo
  echo '```'
  echo "$result"
  echo '```'
} >> docs/benchmarks.md
