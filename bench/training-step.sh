#!/usr/bin/env bash
# One MHIM training step (teacher pass, masking, recycling, student forward/backward, Adam, EMA)
# for bags of 1,000 / 10,000 / 50,000 instances (dim 1024, mlp_dim 512) and each aggregator: ours
# (DJL, org.mhim.viewer.mil.MhimTrainingStep) beside a PyTorch baseline of the same step run in the
# same session (bench/reference_step.py, checked against the parity fixtures first), plus the
# reference times issue 4 gives for this machine. Appends a section to docs/benchmarks.md.
#
#   bench/training-step.sh [SIZES [AGGREGATORS]]     e.g. bench/training-step.sh 1000,10000 attn,dsmil
# THREADS (default 2) sets the intra-op threads of both sides, WARMUP_S (default 30 here) their warm-up in
# seconds (bench/sampling.sh). BEFORE_CLASSES (a classpath of another
# build of ours, e.g. an older commit's target/classes:target/test-classes) adds a "before" run of that
# build, interleaved with ours per aggregator and size; BEFORE_LABEL names it. ROUNDS (default 1) repeats the
# whole interleaved sequence and reports each side's median over the rounds: this machine's speed
# drifts by tens of per cent over minutes, and a drift then shows in a round's ratio, not in the result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/deps.sh
mhim_find_java
mhim_model_env
sizes="${1:-1000,10000,50000}"
aggregators="${2:-attn,selfattn,dsmil}"
threads="${THREADS:-2}"
rounds="${ROUNDS:-1}"
# shellcheck source=model-bench.sh
# A step's code is compiled by the JIT only after some hundred calls: on 1,000 instances our step
# took 43-48 ms 10 s in and a steady 41 ms from 20 s on (docs/benchmarks.md, fourteenth session).
# A training run lasts minutes to hours, so the steady state is what its steps cost.
export WARMUP_S="${WARMUP_S:-30}"
source "$root/bench/model-bench.sh" bench/reference_step.py

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run_ours() { # CLASSPATH AGGREGATOR SIZE [JVM OPTIONS...]
  local cp="$1" agg="$2" size="$3"
  shift 3
  ours_java "$cp" org.mhim.viewer.mil.bench.TrainingStepBench "$@" -- "$size" "$agg"
}
# Ours and the baseline take turns per aggregator and size: this machine's speed drifts over
# minutes, and a size's two sides then run within seconds of each other.
for round in $(seq "$rounds"); do
  for agg in ${aggregators//,/ }; do
    for size in ${sizes//,/ }; do
      if [[ -n "$before_classes" ]]; then
        run_ours "$before_classes" "$agg" "$size" ${BEFORE_JAVA_OPTS:-} | sed -u 's/^/before /' | tee -a "$out"
      fi
      run_ours target/classes:target/test-classes "$agg" "$size" ${OURS_JAVA_OPTS:-} | sed -u 's/^/ours /' | tee -a "$out"
      env "${baseline_env[@]}" "$python" bench/reference_step.py time "$agg" "$size" | sed -u 's/^/base /' | tee -a "$out"
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$out" "$threads" "$load_before" "$load_after" "$*" "$baseline_blas" "$ours_label" "$before_label" >> docs/benchmarks.md <<'PY'
import datetime, json, os, platform, subprocess, sys
import statistics
lines = [l.split(' ', 1) for l in open(sys.argv[1]) if l.strip()]
def by_case(wanted):
    """Each case's results over the rounds: the medians of wall_ms and cpu_ms, the rounds' walls."""
    runs = {}
    for side, j in ((s, json.loads(t)) for s, t in lines):
        if side == wanted:
            runs.setdefault((j['aggregator'], j['instances']), []).append(j)
    return {key: dict(js[0], wall_ms=statistics.median(j['wall_ms'] for j in js),
                      cpu_ms=statistics.median(j['cpu_ms'] for j in js), walls=[j['wall_ms'] for j in js])
            for key, js in runs.items()}
ours, base, before = by_case('ours'), by_case('base'), by_case('before')
rounds = max((len(o['walls']) for o in ours.values()), default=1)
label = sys.argv[8]
cpu = subprocess.run("lscpu | grep 'Model name' | sed 's/.*: *//'", shell=True, capture_output=True, text=True).stdout.strip()
names = {'attn': 'AB-MIL', 'selfattn': 'TransMIL', 'dsmil': 'DSMIL'}
torch_version = next(iter(base.values()))['torch'] if base else '?'
print(f"\n## MHIM training step, ours = {sys.argv[7]} ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)\n")
print(f"- Machine: {cpu}, {subprocess.run('nproc', capture_output=True, text=True).stdout.strip()} cores, "
      f"load average {sys.argv[3]} before, {sys.argv[4]} after (the benchmark's own threads count in it).")
print(f"- Command: `THREADS={sys.argv[2]} bench/training-step.sh {sys.argv[5]}`; {sys.argv[2]} intra-op thread(s) on both sides; "
      f"median of the timed steps (after at least one step and {os.environ['BENCH_WARMUP_S']} s of warm-up, at least 5 steps and 3 s, at most 41 steps or 20 s; both sides alike: Sampling.java, sampling.py)"
      + "; ours and the baseline take turns per size" + (f", and each side's median over {rounds} such rounds is given" if rounds > 1 else "")
      + "; dim 1024, mlp_dim 512, "
      f"mask_ratio_h 0.03, merge_ratio 0.8, merge_k 1, dropout 0.25. Ours runs in the environment the launcher gives `train` "
      f"(GOMP_SPINCOUNT={os.environ.get('GOMP_SPINCOUNT', 'unset')}), the baseline in PyTorch's default one.")
print(f"- Baseline: the same step in PyTorch {torch_version} with {sys.argv[6]} (`bench/reference_step.py`, which "
      "reproduces the parity fixtures' train_step), run in this session right after ours, per aggregator and size. "
      "Issue 4's reference times (PyTorch 1.13, 2 threads, quiet machine) are listed too. CPU ms is the "
      "process CPU time per step: when other work shares the machine it is the steadier measure of the work done."
      + (f" \"{label}\" is the same benchmark of an earlier build of ours, run just before ours per aggregator and size." if before else "")
      + "\n")
print(f"| aggregator | instances | ours wall ms | ours CPU ms | {label} wall / CPU ms | speed-up over {label} wall, CPU | "
      "baseline wall ms | baseline CPU ms | speed-up wall | speed-up CPU | issue reference ms | speed-up over issue reference (wall) |"
      + (" speed-up wall per round |" if rounds > 1 else ""))
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---|" if rounds > 1 else ""))
for key in ours:
    o, b = ours[key], base.get(key)
    bw = f"{b['wall_ms']:.0f}" if b else "–"
    bc = f"{b['cpu_ms']:.0f}" if b else "–"
    sw = f"{b['wall_ms'] / o['wall_ms']:.2f}×" if b else "–"
    sc = f"{b['cpu_ms'] / o['cpu_ms']:.2f}×" if b else "–"
    p = before.get(key)
    pv = f"{p['wall_ms']:.0f} / {p['cpu_ms']:.0f}" if p else "–"
    ps = f"{p['wall_ms'] / o['wall_ms']:.2f}×, {p['cpu_ms'] / o['cpu_ms']:.2f}×" if p else "–"
    si = f"{o['issue_reference_ms'] / o['wall_ms']:.2f}×" if o['issue_reference_ms'] == o['issue_reference_ms'] else "–"
    per_round = ", ".join(f"{bwr / owr:.2f}×" for owr, bwr in zip(o['walls'], b['walls'])) if b else "–"
    print(f"| {names[key[0]]} | {key[1]:,} | {o['wall_ms']:.0f} | {o['cpu_ms']:.0f} | {pv} | {ps} | {bw} | {bc} | {sw} | {sc} | "
          f"{o['issue_reference_ms']:.0f} | {si} |" + (f" {per_round} |" if rounds > 1 else ""))
PY
tail -n 20 docs/benchmarks.md
