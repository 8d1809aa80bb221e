#!/usr/bin/env bash
# Viewer benchmark (issue 3): on a generated 100,000 × 80,000 slide under Xvfb, the time from open
# to the first fully sharp frame, frame times during a scripted 10-second zoom and pan, and heap in
# use afterwards, with a 1 GiB heap cap. Appends the result to docs/benchmarks.md.
#   bench/viewer.sh [--width W --height H]   (a smaller slide for a quick look; default 100000 × 80000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
mhim_find_java
cd "$root"

width=100000
height=80000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --width) width="$2"; shift 2 ;;
    --height) height="$2"; shift 2 ;;
    *) echo "usage: bench/viewer.sh [--width W --height H]" >&2; exit 2 ;;
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

fx_jars=$(find target/lib -name 'javafx-*-linux.jar' | sort | paste -sd:)
cp_jars=$(find target/lib -name '*.jar' ! -name 'javafx-*' | sort | paste -sd:)
cmd=("$JAVA_HOME/bin/java" -Xmx1g --module-path "$fx_jars" --add-modules javafx.controls,javafx.swing
  --enable-native-access=ALL-UNNAMED,javafx.graphics -Dprism.order=sw
  -cp "target/classes:target/test-classes:$cp_jars" org.mhim.viewer.ui.ViewerBenchmark "$slide")
result=$(xvfb-run -a -s "-screen 0 1920x1080x24" "${cmd[@]}" 2>/dev/null | grep -v '^WARNING')
echo "$result"

{
  echo
  echo "## Viewer: open, navigate, memory — $(date -u +%Y-%m-%d)"
  echo
  echo "- Machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- Command: \`bench/viewer.sh --width $width --height $height\` (Xvfb, Prism software pipeline, -Xmx1g, window 1280 × 800)"
  echo "- Baseline: the same window and pulse timer with no slide open, measured in the same run"
  echo
  echo '```'
  echo "$result"
  echo '```'
} >> docs/benchmarks.md
