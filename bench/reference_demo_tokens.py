#!/usr/bin/env python3
"""Does a fresh MHIM student come to depend on its recycled token under the reference's own step
and loop? Trains the demo model's recipe (AB-MIL, mlp 64, 30 + 30 epochs, Adam 5e-4 with a per-epoch
cosine, r_h 0.03, merge_ratio 0.9, k 1, aux 0.5, EMA 0.9997, fresh student, later epoch on ties)
with the networks and step of reference_step.py on the demo bags that `make-demo-model --work DIR`
leaves in DIR/features/pt_files (index even = tumour, as DemoSlideSet makes them), then prints, for
the held-out bags and four training bags, the student's p(tumour) with and without the recycled
token and the attention share that token gets. Compare with train.bench.RecycleTokensOnBundle on
our own bundle.

  reference_demo_tokens.py WORK_DIR [SEED]
"""
import copy
import glob
import math
import random
import sys

import torch
import torch.nn.functional as F
import reference_subtle_salient as R
from reference_step import Net

def load(prefix):
    out = []
    for f in sorted(glob.glob(sys.argv[1] + '/features/pt_files/' + prefix + '*.pt')):
        i = int(f[-6:-3]); out.append((torch.load(f), 1 if i % 2 == 0 else 0))
    return out

def train_stage(net, teacher, train, val, cfg):
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=cfg['lr'], weight_decay=1e-5)
    best, best_state = -1.0, None
    for epoch in range(cfg['epochs']):
        for g in opt.param_groups: g['lr'] = cfg['lr'] * 0.5 * (1 + math.cos(math.pi * epoch / cfg['epochs']))
        order = list(range(len(train))); random.shuffle(order)
        for j in order:
            x, y = train[j]
            if teacher is None:
                loss = F.cross_entropy(net.predictor(net.online_encoder(net.dp(net.feature(x)))[0]), torch.tensor([y]))
            else:
                t_emb, scores = teacher.teacher(x); n = x.shape[0]
                top = torch.topk(scores, int(math.ceil(n * cfg['mrh'])))[1]
                kept = torch.tensor(sorted(set(range(n)) - set(top.tolist())))
                logits, s_emb = net.student(x, kept, torch.argsort(torch.rand(len(kept))))
                loss = F.cross_entropy(logits.view(1, -1), torch.tensor([y])) + 0.5 * R.soft_ce(s_emb, t_emb, 0.1)
            opt.zero_grad(); loss.backward(); opt.step()
            if teacher is not None:
                with torch.no_grad():
                    for ps, pt in zip(net.parameters(), teacher.parameters()): pt.mul_(0.9997).add_(ps, alpha=1 - 0.9997)
        a = R.scored(net, val)
        if a >= best: best, best_state = a, copy.deepcopy(net.state_dict())
    net.load_state_dict(best_state); return best_state

def probe(net, bags):
    net.eval(); res = []
    with torch.no_grad():
        for x, y in bags:
            h = net.feature(x); m = net.merge
            k, v = m.attn.to_kv(m.norm(h)).chunk(2, -1); q = m.attn.to_q(m.norm(m.global_q_mm[0]))
            sp = lambda t: t.reshape(t.shape[0], 8, 64).transpose(0, 1)
            z = m.attn.to_out((torch.softmax(sp(q) @ sp(k).transpose(1, 2) / 8.0, -1) @ sp(v)).transpose(0, 1).reshape(m.k, 512))
            emb, alpha = net.online_encoder(torch.cat([h, z]))
            pw = torch.softmax(net.predictor(emb), -1)[0, 1].item()
            po = torch.softmax(net.predictor(net.online_encoder(h)[0]), -1)[0, 1].item()
            res.append((y, round(pw, 3), round(po, 3), round(alpha[0, -1].item(), 3)))
    net.train(); return res

torch.set_num_threads(1)
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
torch.manual_seed(seed); random.seed(seed)
bags = load('demo-train'); train, val = bags[:12], bags[12:]
held = load('demo-heldout')
cfg = dict(epochs=30, lr=5e-4, mrh=0.03)
fresh = lambda: Net('attn', 57, 64, 2, 0.25, 1, 0.9999, 0.9).train()
base = fresh(); best = train_stage(base, None, train, val, cfg)
student = fresh(); teacher = copy.deepcopy(student); teacher.load_state_dict(best)
train_stage(student, teacher, train, val, cfg)
print('baseline held-out AUC', R.scored(base, held))
print('student held-out AUC (no tokens)', R.scored(student, held))
for r in probe(student, held + train[:4]): print('label %d p with tokens %.3f without %.3f token share %.3f' % r)
