# Sums a libtorch profiler trace (chrome JSON, as TransmilStepProfile writes it) per operator: self time
# (time not spent in nested operators), call count and the three costliest input shapes.
#   python3 bench/profile_summary.py TRACE.json [TOP]
import json, sys, collections
ev = json.load(open(sys.argv[1]))
ev = [e for e in ev if e.get('ph') == 'X']
bytid = collections.defaultdict(list)
for e in ev: bytid[e['tid']].append(e)
selft = collections.Counter(); cnt = collections.Counter(); shapes = collections.defaultdict(collections.Counter)
total = 0
for tid, es in bytid.items():
    es.sort(key=lambda e: (e['ts'], -e['dur']))
    stack = []
    for e in es:
        e['self'] = e['dur']
        while stack and stack[-1]['ts'] + stack[-1]['dur'] <= e['ts'] + 1e-6:
            stack.pop()
        if stack:
            stack[-1]['self'] -= e['dur']
        else:
            total += e['dur']
        stack.append(e)
    for e in es:
        key = e['name']
        selft[key] += e['self']; cnt[key] += 1
        shapes[key][str(e.get('shape'))[:90]] += e['self']
print('tids', {t: len(v) for t, v in bytid.items()}, 'top-level total ms %.1f' % (total/1000))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
for k, v in selft.most_common(top):
    print('%9.1f ms %6d  %s' % (v/1000, cnt[k], k))
    for s, t in shapes[k].most_common(3):
        print('            %8.1f  %s' % (t/1000, s))
