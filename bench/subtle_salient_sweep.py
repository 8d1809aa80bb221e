#!/usr/bin/env python3
"""Sweep of subtle-vs-salient bag designs with the PyTorch recipe of reference_subtle_salient.py, one
process per (design, seed), to find where the two-stage recipe puts MHIM ahead of its baseline on
subtle-only positives. Needs many cores to be quick (it ran on a lent 16-core machine).

  subtle_salient_sweep.py SEEDS WORKERS DESIGN [DESIGN ...]
  DESIGN: comma-separated key=value over the defaults below (the defaults are the bags of
  reference_subtle_salient.py), recipe keys (epochs, lr, mrh, mrhr, merge_ratio, k, aux, mm) included.
  Prints one line per design: mean test AUC on easy and subtle-only positives, baseline and MHIM.
"""
import multiprocessing
import random
import sys

import torch

import reference_subtle_salient as rs

BAGS = dict(dim=32, salient=4.0, subtle=0.8, frac=0.08, shared=0, n_train=24, n_min=100, n_span=101,
            n_salient=2)
RECIPE = dict(epochs=12, lr=2e-3, mrh=0.05, mrhr=1.0, merge_ratio=0.8, k=2, aux=0.5, mm=0.9997, init='fresh')


def make_bag(d):
    def bag(rng, label, salient):
        n = d['n_min'] + rng.randrange(d['n_span'])
        n_sal = d['n_salient'] + rng.randrange(2) if label == 1 and salient else 0
        n_sub = round(n * (d['frac'] + 0.5 * d['frac'] * rng.random())) if label == 1 else 0
        g = torch.Generator().manual_seed(rng.randrange(1 << 30))
        x = torch.randn(n, d['dim'], generator=g)
        places = torch.randperm(n, generator=g)
        sub_dims = slice(0, 4) if d['shared'] else slice(4, 8)
        for i in range(n_sal + n_sub):
            if i < n_sal:
                x[places[i], 0:4] += d['salient']
            else:
                x[places[i], sub_dims] += d['subtle']
        return x, label
    return bag


def make_dataset(d):
    def dataset(seed):
        rng = random.Random(seed)
        train, val = [], []
        for i in range(d['n_train'] + d['n_train'] // 3):
            (train if i < d['n_train'] else val).extend([rs.bag(rng, 0, False), rs.bag(rng, 1, True)])
        neg, easy, subtle = [], [], []
        for _ in range(32):
            neg.append(rs.bag(rng, 0, False))
            easy.append(rs.bag(rng, 1, True))
            subtle.append(rs.bag(rng, 1, False))
        return train, val, neg, easy, subtle
    return dataset


def run(seed, cfg):
    """reference_subtle_salient.run with the student's start as an option: 'fresh' (the reference
    recipe), 'fc' (the projection from the baseline, as MHIM v1's init_stu_type=fc) or 'all'."""
    torch.manual_seed(seed)
    random.seed(seed)
    train, val, neg, easy, subtle = rs.dataset(seed)
    fresh = lambda: rs.Net('attn', rs.DIM, 64, 2, 0.25, cfg['k'], 0.9999, cfg['merge_ratio']).train()
    baseline = fresh()
    best = rs.train_stage(baseline, None, train, val, cfg)
    student = fresh()
    if cfg['init'] == 'all':
        student.load_state_dict(best)
    elif cfg['init'] == 'fc':
        student.feature.load_state_dict({k[len('feature.'):]: v for k, v in best.items() if k.startswith('feature.')})
    teacher = rs.copy.deepcopy(student)
    teacher.load_state_dict(best)
    rs.train_stage(student, teacher, train, val, cfg)
    return [rs.scored(m, neg + kind) for m in (baseline, student) for kind in (easy, subtle)]


def parse(text):
    d, cfg = dict(BAGS), dict(RECIPE)
    for kv in filter(None, text.split(',')):
        key, value = kv.split('=')
        target = d if key in d else cfg
        target[key] = type(target[key])(value)
    return d, cfg


def one(job):
    text, seed = job
    torch.set_num_threads(1)
    d, cfg = parse(text)
    rs.DIM = d['dim']
    rs.bag = make_bag(d)
    rs.dataset = make_dataset(d)
    return text, seed, run(seed, cfg)


if __name__ == '__main__':
    seeds = [int(s) for s in sys.argv[1].split(',')]
    designs = sys.argv[3:] or ['']
    jobs = [(t, s) for t in designs for s in seeds]
    with multiprocessing.Pool(int(sys.argv[2])) as pool:
        results = {}
        for text, seed, r in pool.imap_unordered(one, jobs):
            results.setdefault(text, []).append(r)
            print(f"  {text or 'defaults'} seed {seed}: " + ' '.join(f'{v:.3f}' for v in r), flush=True)
    print("design | baseline easy | baseline subtle | mhim easy | mhim subtle")
    for text in designs:
        rows = results[text]
        mean = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
        print(f"{text or 'defaults'} | " + ' | '.join(f'{m:.3f}' for m in mean), flush=True)
