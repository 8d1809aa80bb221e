#!/usr/bin/env python3
"""Same-data PyTorch run of the two-stage recipe for bench/subtle-salient.sh: bags drawn from the
same distribution as SubtleSalientBench (other random numbers), the networks and training step of
reference_step.py (which reproduces the parity fixtures), and the reference's loop around them:
stage 1 the aggregator alone, best epoch by validation AUC (first on ties); stage 2 a fresh student,
teacher from that epoch, high-score masking, recycling, CE + aux_alpha * consistency, Adam with L2
weight decay, cosine learning rate stepped per epoch, teacher EMA after every step; validation and
test on the whole bag without recycled tokens (the reference's forward_test, merge_test off).

It tells whether a result of ours on this benchmark is the recipe's or our implementation's.

  reference_subtle_salient.py SEEDS [key=value ...]
  recipe keys: epochs (12) lr (2e-3) mrh (0.15) mrhr (1.0) merge_ratio (0.8) k (2) aux (0.5) mm (0.9997)
  bag keys (SubtleSalientBench.Design's, same defaults): dim (32) nmin (50) nmax (100) salient
  instances smin..smax (3..5) shifted by sal (4.0) on dims 0-3; a fraction fmin..fmax (0.06..0.10) of
  subtle instances shifted by sub (1.2) on dims 4-7; ntrain (48) nval (8) ntest (16) bags per class/kind
  oracle=1: instead, train the baseline alone on positives without salient instances (an upper bound
  of what masking can give: can the subtle evidence be learnt from these bags at all?)
"""
import copy
import math
import random
import sys

import torch
import torch.nn.functional as F

from reference_step import Net, soft_ce

def bag(rng, label, salient, cfg):
    n = cfg['nmin'] + rng.randrange(cfg['nmax'] - cfg['nmin'] + 1)
    n_salient = cfg['smin'] + rng.randrange(cfg['smax'] - cfg['smin'] + 1) if label == 1 and salient else 0
    fraction = cfg['fmin'] + (cfg['fmax'] - cfg['fmin']) * rng.random()
    n_subtle = round(n * fraction) if label == 1 else 0
    g = torch.Generator().manual_seed(rng.randrange(1 << 30))
    x = torch.randn(n, cfg['dim'], generator=g)
    places = torch.randperm(n, generator=g)
    for i in range(n_salient + n_subtle):
        if i < n_salient:
            x[places[i], 0:4] += cfg['sal']
        else:
            x[places[i], 4:8] += cfg['sub']
    return x, label


def dataset(seed, cfg):
    rng = random.Random(seed)
    train, val = [], []
    for i in range(cfg['ntrain'] + cfg['nval']):
        (train if i < cfg['ntrain'] else val).extend([bag(rng, 0, False, cfg), bag(rng, 1, True, cfg)])
    neg, easy, subtle = [], [], []
    for _ in range(cfg['ntest']):
        neg.append(bag(rng, 0, False, cfg))
        easy.append(bag(rng, 1, True, cfg))
        subtle.append(bag(rng, 1, False, cfg))
    return train, val, neg, easy, subtle


def auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))


def scored(net, bags):
    """Whole bag, inference mode, no recycled tokens."""
    net.eval()
    with torch.no_grad():
        out = [torch.softmax(net.predictor(net.online_encoder(net.feature(x))[0]), -1)[0, 1].item() for x, _ in bags]
    net.train()
    return auc(out, [y for _, y in bags])


def train_stage(net, teacher, train, val, cfg):
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=cfg['lr'], weight_decay=1e-5)
    best, best_state = -1.0, None
    for epoch in range(cfg['epochs']):
        for group in opt.param_groups:
            group['lr'] = cfg['lr'] * 0.5 * (1 + math.cos(math.pi * epoch / cfg['epochs']))
        order = list(range(len(train)))
        random.shuffle(order)
        for j in order:
            x, y = train[j]
            if teacher is None:
                logits = net.predictor(net.online_encoder(net.dp(net.feature(x)))[0])
                loss = F.cross_entropy(logits, torch.tensor([y]))
            else:
                t_emb, scores = teacher.teacher(x)
                n = x.shape[0]
                top = torch.topk(scores, int(math.ceil(n * min(1.0, cfg['mrh'] / cfg['mrhr']))))[1]
                if cfg['mrhr'] < 1:
                    top = top[torch.randperm(len(top))[:int(math.ceil(len(top) * cfg['mrhr']))]]
                kept = torch.tensor(sorted(set(range(n)) - set(top.tolist())))
                logits, s_emb = net.student(x, kept, torch.argsort(torch.rand(len(kept))))
                loss = F.cross_entropy(logits.view(1, -1), torch.tensor([y])) + cfg['aux'] * soft_ce(s_emb, t_emb, 0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if teacher is not None:
                with torch.no_grad():
                    for ps, pt in zip(net.parameters(), teacher.parameters()):
                        pt.mul_(cfg['mm']).add_(ps, alpha=1 - cfg['mm'])
        a = scored(net, val)
        if a > best:
            best, best_state = a, copy.deepcopy(net.state_dict())
    net.load_state_dict(best_state)
    return best_state


def run(seed, cfg):
    torch.manual_seed(seed)
    random.seed(seed)
    train, val, neg, easy, subtle = dataset(seed, cfg)
    fresh = lambda: Net('attn', cfg['dim'], 64, 2, 0.25, cfg['k'], 0.9999, cfg['merge_ratio']).train()
    baseline = fresh()
    best = train_stage(baseline, None, train, val, cfg)
    student = fresh()
    teacher = copy.deepcopy(student)
    teacher.load_state_dict(best)
    train_stage(student, teacher, train, val, cfg)
    return [scored(m, neg + kind) for m in (baseline, student) for kind in (easy, subtle)]


def oracle(seed, cfg):
    """The baseline trained on positives without salient instances (as if every salient instance
    were masked perfectly): how well the subtle evidence can be learnt at all from this many bags."""
    torch.manual_seed(seed)
    random.seed(seed)
    _, _, neg, easy, subtle = dataset(seed, cfg)
    train, val, _, _, _ = dataset(seed + 1000, dict(cfg, smin=0, smax=0))
    net = Net('attn', cfg['dim'], 64, 2, 0.25, cfg['k'], 0.9999, cfg['merge_ratio']).train()
    train_stage(net, None, train, val, cfg)
    return [scored(net, neg + kind) for kind in (easy, subtle)]


if __name__ == '__main__':
    torch.set_num_threads(1)
    cfg = dict(epochs=12, lr=2e-3, mrh=0.15, mrhr=1.0, merge_ratio=0.8, k=2, aux=0.5, mm=0.9997,
               dim=32, nmin=50, nmax=100, smin=3, smax=5, sal=4.0, sub=1.2, fmin=0.06, fmax=0.10,
               ntrain=48, nval=8, ntest=16, oracle=0)
    for kv in sys.argv[2:]:
        key, value = kv.split('=')
        cfg[key] = type(cfg[key])(value)
    for s in sys.argv[1].split(','):
        if cfg['oracle']:
            r = oracle(int(s), cfg)
            print(f"oracle seed {s}: baseline trained without salient instances: easy {r[0]:.3f} subtle {r[1]:.3f}", flush=True)
            continue
        r = run(int(s), cfg)
        print(f"reference-recipe seed {s}: baseline easy {r[0]:.3f} subtle {r[1]:.3f} | mhim easy {r[2]:.3f} subtle {r[3]:.3f}",
              flush=True)
