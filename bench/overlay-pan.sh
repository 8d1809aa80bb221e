#!/usr/bin/env bash
# Overlay benchmark (issue 7): frame times of a scripted pan over a 24,000 × 18,000 demo slide
# under Xvfb with two analysis overlays on, against the same pan without overlays in the same run.
# Goal: p95 within 10% of panning without overlays. Appends the result to docs/benchmarks.md.
#   bench/overlay-pan.sh [--width W --height H] [--seconds S]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
mhim_find_java
cd "$root"

width=24000
height=18000
seconds=8
while [[ $# -gt 0 ]]; do
  case "$1" in
    --width) width="$2"; shift 2 ;;
    --height) height="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: bench/overlay-pan.sh [--width W --height H] [--seconds S]" >&2; exit 2 ;;
  esac
done

mvn -q -B package -DskipTests >&2
slide="bench/out/overlay-${width}x${height}.tif"
mkdir -p bench/out
if [[ ! -f "$slide" ]]; then
  echo "generating $slide (once)…" >&2
  ./mhimview demo-slide "$slide" --width "$width" --height "$height" --seed 1 >&2
fi

fx_jars=$(find target/lib -name 'javafx-*-linux.jar' | sort | paste -sd:)
cp_jars=$(find target/lib -name '*.jar' ! -name 'javafx-*' | sort | paste -sd:)
cmd=("$JAVA_HOME/bin/java" -Xmx1g --module-path "$fx_jars" --add-modules javafx.controls,javafx.swing
  --enable-native-access=ALL-UNNAMED,javafx.graphics -Dprism.order=sw
  -cp "target/classes:target/test-classes:$cp_jars" org.mhim.viewer.ui.OverlayPanBenchmark "$slide" "$seconds")
result=$(xvfb-run -a -s "-screen 0 1920x1080x24" "${cmd[@]}" 2>/dev/null | grep -v '^WARNING')
echo "$result"

{
  echo
  echo "## Viewer: panning with analysis overlays — $(date -u +%Y-%m-%d)"
  echo
  echo "- Machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- Command: \`bench/overlay-pan.sh --width $width --height $height --seconds $seconds\` (Xvfb, Prism software pipeline, -Xmx1g, window 1280 × 800)"
  echo "- Baseline: the same pan without overlays, after the overlay run (same warm slide tiles), in the same run"
  echo
  echo '```'
  echo "$result"
  echo '```'
} >> docs/benchmarks.md
