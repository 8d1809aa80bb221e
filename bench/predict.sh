#!/usr/bin/env bash
# MhimModel.predict latency for bags of 1,000 / 10,000 / 50,000 instances (dim 1024 -> mlp_dim 512,
# 2 classes, fresh weights) per aggregator: ours (DJL, org.mhim.viewer.mil.bench.PredictBench),
# student alone and student + teacher scores, beside a PyTorch baseline of the same inference run
# in the same session (bench/reference_predict.py, checked against the parity fixtures first) and
# the reference times issue 4 gives for this machine. Appends a section to docs/benchmarks.md.
#
#   bench/predict.sh [SIZES [AGGREGATORS [REPS]]]    e.g. bench/predict.sh 1000,10000 abmil,dsmil 3
# THREADS (default 2) sets the intra-op threads of both sides; BASE_SIZES (default SIZES) the sizes
# the PyTorch baseline runs (it is slow on a loaded machine). Wall and process-CPU times are both
# reported: on a shared machine the CPU time is the steadier measure. BEFORE_CLASSES (a classpath of
# another build of ours, e.g. an older commit's target/classes:target/test-classes) adds a "before"
# run of that build, interleaved with ours per aggregator and size; BEFORE_LABEL names it. ROUNDS (default 1)
# repeats the interleaved sequence and reports each side's median over the rounds.
# WARMUP_S (default 10) sets each side's warm-up in seconds (bench/sampling.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/deps.sh
mhim_find_java
mhim_model_env
sizes="${1:-1000,10000,50000}"
aggregators="${2:-abmil,transmil,dsmil}"
reps="${3:-5}"
base_sizes="${BASE_SIZES:-$sizes}"
threads="${THREADS:-2}"
rounds="${ROUNDS:-1}"
# shellcheck source=model-bench.sh
source "$root/bench/model-bench.sh" bench/reference_predict.py

declare -A refname=([abmil]=attn [transmil]=selfattn [dsmil]=dsmil)
# Issue 4: reference PyTorch 1.13 inference on this machine, 2 threads, ms for 1k / 10k / 50k.
declare -A issue=([abmil_1000]=14 [abmil_10000]=88 [abmil_50000]=489
  [transmil_1000]=509 [transmil_10000]=1621 [transmil_50000]=8642
  [dsmil_1000]=36 [dsmil_10000]=173 [dsmil_50000]=688)

ours="$(mktemp)"; base="$(mktemp)"; before="$(mktemp)"
trap 'rm -f "$ours" "$base" "$before"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run_ours() { # CLASSPATH AGGREGATOR SIZE [JVM OPTIONS...]
  local cp="$1" agg="$2" size="$3"
  shift 3
  ours_java "$cp" org.mhim.viewer.mil.bench.PredictBench "$@" -- "$size" "$reps" "$agg" 2>/dev/null
}
# Ours and PyTorch take turns per aggregator and size: this machine's speed drifts over minutes,
# and a size's two sides then run within seconds of each other.
for round in $(seq "$rounds"); do
  for agg in ${aggregators//,/ }; do
    for size in ${sizes//,/ }; do
      if [[ -n "$before_classes" ]]; then
        run_ours "$before_classes" "$agg" "$size" ${BEFORE_JAVA_OPTS:-} | sed -u "s/^/$before_label: /" | tee -a /dev/stderr | sed "s/^$before_label: //" >> "$before"
      fi
      run_ours target/classes:target/test-classes "$agg" "$size" ${OURS_JAVA_OPTS:-} | tee -a "$ours"
      if [[ ",$base_sizes," == *",$size,"* ]]; then
        env "${baseline_env[@]}" "$python" -c "import torch, runpy, sys; torch.set_num_threads($threads); sys.argv=['x','time','${refname[$agg]}','$reps','$size']; runpy.run_path('bench/reference_predict.py', run_name='__main__')" \
          | sed "s/^${refname[$agg]} /$agg /" | tee -a "$base"
      fi
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
# Over several rounds each case's numbers are the medians of its rounds' (same columns, same order).
for file in "$ours" "$base" "$before"; do
  "$python" - "$file" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    agg, n, *values = line.split()
    rows.setdefault((agg, n), []).append([float(v) for v in values])
with open(sys.argv[1], "w") as out:
    for (agg, n), runs in rows.items():
        print(agg, n, *(f"{statistics.median(column):.1f}" for column in zip(*runs)), file=out)
PY
done

{
  echo
  echo "## predict latency (issue 4), ours = $ours_label — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc)-core VM, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $threads intra-op threads both sides."
  echo "Command: \`bench/predict.sh $sizes $aggregators $reps\` (median of the timed calls, both sides alike: at least $warmup s of warm-up, then at least $reps calls and 3 s, at most 41 calls or 20 s); ours and PyTorch take turns per size$( ((rounds > 1)) && echo ", and each side's median over $rounds such rounds is given")."
  echo "Load average before/after: $load_before / $load_after (the benchmark's own threads count in it;"
  echo "more means other work ran beside it, which the same-run PyTorch baseline saw too)."
  echo
  echo "Ours = \`MhimModel.predict\` (student forward plus the per-instance evidence the viewer shows),"
  echo "run in the environment the launcher gives \`predict\` (GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-unset});"
  echo "the baseline is the bare PyTorch forward ($(env "${baseline_env[@]}" "$python" -c 'import torch; print("PyTorch", torch.__version__)'), $baseline_blas)."
  echo "Ratios < 1 mean ours is faster.${before_classes:+ \"$before_label\" is the same benchmark of an earlier build, run just before ours for each aggregator and size.}"
  echo
  echo "| aggregator | N | ours wall (ms) | ours CPU (ms) | ours +teacher wall (ms) | $before_label wall / CPU (ms) | ours / $before_label wall, CPU | PyTorch same run wall / CPU (ms) | ratio wall | ratio CPU | issue reference (ms) | ratio ours wall / issue |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r agg n wall cpu both; do
    bw="$(awk -v a="$agg" -v n="$n" '$1==a && $2==n {print $3}' "$base")"
    bc="$(awk -v a="$agg" -v n="$n" '$1==a && $2==n {print $4}' "$base")"
    ref="${issue[${agg}_${n}]:-}"
    pw="$(awk -v a="$agg" -v n="$n" '$1==a && $2==n {print $3}' "$before")"
    pc="$(awk -v a="$agg" -v n="$n" '$1==a && $2==n {print $4}' "$before")"
    rp="$(awk -v x="$wall" -v y="$pw" -v c="$cpu" -v d="$pc" 'BEGIN{ if (y>0 && d>0) printf "%.2f, %.2f", x/y, c/d; else print "–" }')"
    r1="$(awk -v x="$wall" -v y="$bw" 'BEGIN{ if (y>0) printf "%.2f", x/y; else print "–" }')"
    r2="$(awk -v x="$cpu" -v y="$bc" 'BEGIN{ if (y>0) printf "%.2f", x/y; else print "–" }')"
    r3="$(awk -v x="$wall" -v y="$ref" 'BEGIN{ if (y>0) printf "%.2f", x/y; else print "–" }')"
    echo "| $agg | $n | $wall | $cpu | $both | ${pw:-–} / ${pc:-–} | $rp | ${bw:-–} / ${bc:-–} | $r1 | $r2 | ${ref:-–} | $r3 |"
  done < "$ours"
} | tee -a docs/benchmarks.md
