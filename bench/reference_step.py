#!/usr/bin/env python3
"""Same-machine, same-run baseline for bench/training-step.sh: one MHIM training step in PyTorch,
written from the model description in shared/design/MHIM.md (not the reference's source), doing
what the reference does per step: teacher pass without gradient, high-score masking with Python set
arithmetic, random recycling, student forward/backward, Adam, teacher EMA.

  reference_step.py check FIXTURE_DIR          # compare one step with the fixture's expected.json
  reference_step.py time AGG N [N ...]         # median wall/CPU ms per step, dim 1024, mlp 512
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # bench/, also when run through runpy
from sampling import sample  # noqa: E402


def xavier(module):
    for m in module.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)
            if m.bias is not None:
                m.bias.data.zero_()


class AbMil(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.attention = nn.Module()
        self.attention.attention = nn.Sequential(nn.Linear(dim, 128, bias=False), nn.GELU(), nn.Linear(128, 1, bias=False))

    def forward(self, h):  # h [N, D]
        alpha = torch.softmax(self.attention.attention(h).t(), dim=-1)  # [1, N]
        return alpha @ h, alpha  # [1, D], [1, N]


class DsMil(nn.Module):
    def __init__(self, dim, classes):
        super().__init__()
        self.i_classifier = nn.Sequential(nn.Linear(dim, classes))
        self.b_classifier = nn.Module()
        self.b_classifier.q = nn.Sequential(nn.Linear(dim, 128), nn.ReLU(), nn.Linear(128, 128), nn.Tanh())
        self.b_classifier.v = nn.Sequential(nn.Dropout(0.0), nn.Linear(dim, dim), nn.ReLU())
        self.b_classifier.fcc = nn.Conv1d(classes, classes, kernel_size=dim)

    def forward(self, h):  # h [N, D]
        inst = self.i_classifier(h)  # [N, C]
        b = self.b_classifier
        v = b.v(h)
        q = b.q(h)
        _, order = torch.sort(inst, 0, descending=True)
        q_max = b.q(h.index_select(0, order[0]))  # [C, 128]
        a = torch.softmax(q @ q_max.t() / math.sqrt(q.shape[1]), 0)  # [N, C]
        bag = (a.t() @ v).unsqueeze(0)  # [1, C, D]
        logits = b.fcc(bag).view(1, -1)
        return logits, inst.max(0)[0].unsqueeze(0), bag, inst


def pinv(x, iters=6):
    """Iterative Moore-Penrose pseudo-inverse of the landmark attention (Nystromformer)."""
    z = x.transpose(-1, -2) / (x.abs().sum(-1).max() * x.abs().sum(-2).max())
    eye = torch.eye(x.shape[-1]).unsqueeze(0)
    for _ in range(iters):
        xz = x @ z
        z = 0.25 * z @ (13 * eye - xz @ (15 * eye - xz @ (7 * eye - xz)))
    return z


class Nystrom(nn.Module):
    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.h, self.dh, self.m = heads, dim // 8, dim // 2
        self.to_qkv = nn.Linear(dim, 3 * heads * self.dh, bias=False)
        self.to_out = nn.Sequential(nn.Linear(heads * self.dh, dim), nn.Dropout(dropout))
        self.res_conv = nn.Conv2d(heads, heads, (33, 1), padding=(16, 0), groups=heads, bias=False)

    def forward(self, x, need_attn=False):  # x [n, D]
        n = x.shape[0]
        pad = (self.m - n % self.m) % self.m
        x = F.pad(x, (0, 0, pad, 0))
        q, k, v = (t.reshape(-1, self.h, self.dh).transpose(0, 1) for t in self.to_qkv(x).chunk(3, dim=-1))
        q = q * self.dh ** -0.5
        l = math.ceil(n / self.m)
        ql = q.reshape(self.h, self.m, l, self.dh).sum(2) / l
        kl = k.reshape(self.h, self.m, l, self.dh).sum(2) / l
        a1, a2, a3 = (q @ kl.transpose(1, 2)).softmax(-1), pinv((ql @ kl.transpose(1, 2)).softmax(-1)), (ql @ k.transpose(1, 2)).softmax(-1)
        out = (a1 @ a2) @ (a3 @ v) + self.res_conv(v.unsqueeze(0))[0]
        out = self.to_out(out.transpose(0, 1).reshape(-1, self.h * self.dh))[-n:]
        if not need_attn:
            return out
        cls = ((a1[:, pad:pad + 1] @ a2) @ a3)[:, 0, -n + 1:]  # [h, n-1]: the class token's attention
        return out, cls, v[:, -n + 1:]


class TransLayer(nn.Module):
    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.attn = Nystrom(dim, heads, dropout)


class Ppeg(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Conv2d(dim, dim, 7, 1, 3, groups=dim)
        self.proj1 = nn.Conv2d(dim, dim, 5, 1, 2, groups=dim)
        self.proj2 = nn.Conv2d(dim, dim, 3, 1, 1, groups=dim)

    def forward(self, x):  # x [n, D]
        n, d = x.shape
        side = max(7, math.ceil(math.sqrt(n)))
        grid = torch.cat([x, x[:side * side - n]] if side * side - n <= n else [x, torch.zeros(side * side - n, d)])
        grid = grid.t().reshape(1, d, side, side)
        y = self.proj(grid) + grid + self.proj1(grid) + self.proj2(grid)
        return y.reshape(d, -1).t()[:n]


class TransMil(nn.Module):
    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.cls_token = nn.Parameter(torch.randn(1, dim))
        self.layer1 = TransLayer(dim, heads, dropout)
        self.layer2 = TransLayer(dim, heads, dropout)
        self.pos_embedding = Ppeg(dim)

    def forward(self, h, need_attn=False):
        x = torch.cat([self.cls_token, h])
        if need_attn:
            z, cls, v = self.layer1.attn(self.layer1.norm(x), True)
        else:
            z = self.layer1.attn(self.layer1.norm(x))
        x = x + z
        x = torch.cat([x[:1], self.pos_embedding(x[1:])])
        x = x + self.layer2.attn(self.layer2.norm(x))
        emb = self.norm(x)[0]
        return (emb, cls, v) if need_attn else emb


class Recycle(nn.Module):
    def __init__(self, dim, k, mm, ratio, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.attn = nn.Module()
        self.attn.to_kv = nn.Linear(dim, 1024, bias=False)
        self.attn.to_q = nn.Linear(dim, 512, bias=False)
        self.attn.to_out = nn.Sequential(nn.Linear(512, dim), nn.Dropout(dropout))
        self.drop = nn.Dropout(dropout)
        bound = math.sqrt(6.0 / (3 * 256 + dim))
        self.global_q_mm = nn.Parameter(torch.empty(1, k, dim).uniform_(-bound, bound), requires_grad=False)
        self.mm, self.ratio, self.k = mm, ratio, k

    def forward(self, x, perm):  # x [L, D]
        keep = int(x.shape[0] * self.ratio)
        kept, rest = x[perm[:keep]], x[perm[keep:]]
        k, v = self.attn.to_kv(self.norm(rest)).chunk(2, dim=-1)
        q = self.attn.to_q(self.norm(self.global_q_mm[0]))
        split = lambda t: t.reshape(t.shape[0], 8, 64).transpose(0, 1)
        attn = self.drop(torch.softmax(split(q) @ split(k).transpose(1, 2) / 8.0, dim=-1))
        z = self.attn.to_out((attn @ split(v)).transpose(0, 1).reshape(self.k, 512))
        self.global_q_mm.data.mul_(self.mm).add_(z.detach().unsqueeze(0), alpha=1 - self.mm)
        return torch.cat([kept, z], 0)


class Net(nn.Module):
    def __init__(self, agg, input_dim, dim, classes, dropout, k, mm, ratio):
        super().__init__()
        self.agg = agg
        self.merge = Recycle(dim, k, mm, ratio, 0.1 if dropout > 0 else 0.0)
        self.feature = nn.Sequential(nn.Linear(input_dim, dim), nn.ReLU())
        self.dp = nn.Dropout(dropout)
        self.online_encoder = {'attn': lambda: AbMil(dim), 'dsmil': lambda: DsMil(dim, classes),
                               'selfattn': lambda: TransMil(dim, 8, 0.1 if dropout > 0 else 0.0)}[agg]()
        self.predictor = nn.Linear(dim, classes)
        xavier(self)

    def teacher(self, bag):
        with torch.no_grad():
            h = self.dp(self.feature(bag))
            if self.agg == 'attn':
                emb, alpha = self.online_encoder(h)
                weighted = h * alpha.t()
                cam = weighted @ self.predictor.weight.t() + self.predictor.bias[0]
                return emb, torch.softmax(cam, 1).max(1)[0]
            if self.agg == 'selfattn':
                emb, cls, v = self.online_encoder(h, True)
                weighted = (v * cls.unsqueeze(-1)).transpose(0, 1).reshape(h.shape[0], -1)
                weighted = self.online_encoder.layer1.attn.to_out(weighted)
                cam = weighted @ self.predictor.weight.t() + self.predictor.bias[0]
                return emb, torch.softmax(cam, 1).max(1)[0]
            _, _, bag_emb, inst = self.online_encoder(h)
            return bag_emb[0], inst.max(1)[0]

    def student(self, bag, kept, perm):
        h = self.dp(self.feature(bag))[kept]
        tokens = self.merge(h, perm)
        if self.agg == 'attn':
            emb, _ = self.online_encoder(tokens)
            return self.predictor(emb), emb
        if self.agg == 'selfattn':
            emb = self.online_encoder(tokens)
            return self.predictor(emb), emb
        logits, inst_max, bag_emb, _ = self.online_encoder(tokens)
        return 0.5 * logits + 0.5 * inst_max, bag_emb


def soft_ce(student, teacher, temp_t):
    return torch.sum(-F.softmax(teacher / temp_t, dim=-1) * F.log_softmax(student, dim=-1), dim=-1).mean()


def step(student, teacher, opt, bag, label, ratio_h, temp_t, aux_alpha, mm, perm=None, norms=False):
    t_emb, scores = teacher.teacher(bag)
    n = bag.shape[0]
    top = torch.topk(scores, int(math.ceil(n * ratio_h)))[1]
    kept = torch.tensor(sorted(set(range(n)).difference(set(top.tolist()))))  # the reference's set arithmetic
    if perm is None:
        perm = torch.argsort(torch.rand(len(kept)))
    logits, s_emb = student.student(bag, kept, perm)
    ce = F.cross_entropy(logits.view(1, -1), torch.tensor([label]))
    aux = soft_ce(s_emb, t_emb, temp_t)
    loss = ce + aux_alpha * aux
    opt.zero_grad()
    loss.backward()
    # The check's gradient norms only: the timed step does what ours does, which measures none.
    grads = {name: p.grad.norm().item() for name, p in student.named_parameters() if p.grad is not None} if norms else {}
    opt.step()
    with torch.no_grad():
        for ps, pt in zip(student.parameters(), teacher.parameters()):
            pt.mul_(mm).add_(ps, alpha=1 - mm)
    return kept, logits, ce, aux, loss, grads


def check(folder):
    cfg = json.load(open(folder + '/config.json'))
    exp = json.load(open(folder + '/expected.json'))['train_step']
    ckpt = torch.load(folder + '/checkpoint.pt')
    bag = torch.load(folder + '/bag.pt')
    nets = []
    for key in ('model', 'teacher'):
        net = Net(cfg['baseline'], cfg['input_dim'], cfg['mlp_dim'], cfg['n_classes'], 0.0, cfg['merge_k'],
                  cfg['merge_mm'], cfg['merge_ratio'])
        state = {k: v for k, v in ckpt[key].items() if k != 'merge.global_q'}
        if 'online_encoder.cls_token' in state:
            state['online_encoder.cls_token'] = state['online_encoder.cls_token'].reshape(1, -1)
        net.load_state_dict(state)
        nets.append(net.train())
    opt = torch.optim.Adam([p for p in nets[0].parameters() if p.requires_grad], lr=2e-4, weight_decay=1e-5)
    kept, logits, ce, aux, loss, grads = step(nets[0], nets[1], opt, bag, exp['label'], cfg['mask_ratio_h'],
                                              cfg['temp_t'], cfg['aux_alpha'], cfg['ema_momentum'],
                                              torch.tensor(exp['recycle_permutation']), norms=True)
    assert kept.tolist() == exp['high_mask_kept_order'], 'kept order'
    worst = max(abs(a - b) / max(1e-5 / 1e-4, abs(b)) for a, b in
                list(zip(logits.view(-1).tolist(), exp['logits'])) + [(ce.item(), exp['ce_loss']), (aux.item(), exp['aux_loss'])]
                + [(grads[k], v) for k, v in exp['grad_l2_norms'].items()])
    print(folder, 'worst relative difference', worst)
    assert worst < 1e-4, 'baseline does not reproduce the fixture'


def timed(agg, sizes):
    torch.manual_seed(0)
    for n in sizes:
        nets = [Net(agg, 1024, 512, 2, 0.25, 1, 0.9999, 0.8).train() for _ in range(2)]
        opt = torch.optim.Adam([p for p in nets[0].parameters() if p.requires_grad], lr=2e-4, weight_decay=1e-5)
        bag = torch.randn(n, 1024)
        wall, cpu, runs = sample(lambda i: step(nets[0], nets[1], opt, bag, i % 2, 0.03, 0.1, 0.5, 0.9997))
        print(json.dumps({'aggregator': agg, 'instances': n, 'wall_ms': wall,
                          'cpu_ms': cpu, 'steps': runs, 'threads': torch.get_num_threads(),
                          'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    if sys.argv[1] == 'check':
        check(sys.argv[2])
    else:
        timed(sys.argv[2], [int(s) for s in sys.argv[3:]])
