#!/usr/bin/env python3
"""Same-run PyTorch baseline for bench/predict.sh: MHIM inference (student, eval mode, no grad) on
one bag, written from shared/design/MHIM.md for the three aggregators. It first checks itself
against the parity fixtures (loading their checkpoints), then times random bags.

  reference_predict.py check FIXTURE_DIR
  reference_predict.py time AGG REPS N [N ...] # AGG: attn | selfattn | dsmil; dim 1024, mlp 512
                                               # prints AGG N median_wall_ms median_cpu_ms
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


class AbMil(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.attention = nn.Module()
        self.attention.attention = nn.Sequential(nn.Linear(d, 128, bias=False), nn.GELU(), nn.Linear(128, 1, bias=False))

    def forward(self, h):  # [N, D] -> [D]
        a = torch.softmax(self.attention.attention(h).t(), dim=-1)
        return (a @ h)[0]


def pinv(x, iters=6):
    z = x.transpose(-1, -2) / (x.abs().sum(-1).max() * x.abs().sum(-2).max())
    eye = torch.eye(x.shape[-1])[None]
    for _ in range(iters):
        xz = x @ z
        z = 0.25 * z @ (13 * eye - xz @ (15 * eye - xz @ (7 * eye - xz)))
    return z


class Nystrom(nn.Module):
    def __init__(self, d, heads=8):
        super().__init__()
        self.h, self.dh, self.m = heads, d // 8, d // 2
        self.to_qkv = nn.Linear(d, 3 * heads * self.dh, bias=False)
        self.to_out = nn.Sequential(nn.Linear(heads * self.dh, d))
        self.res_conv = nn.Conv2d(heads, heads, (33, 1), padding=(16, 0), groups=heads, bias=False)

    def forward(self, x):  # [n, D]
        n, m = x.shape[0], self.m
        if n % m:
            x = F.pad(x, (0, 0, m - n % m, 0))
        q, k, v = (t.reshape(x.shape[0], self.h, self.dh).transpose(0, 1) for t in self.to_qkv(x).chunk(3, -1))
        q = q * self.dh ** -0.5
        g = math.ceil(n / m)
        ql = q.reshape(self.h, m, g, self.dh).sum(2) / g
        kl = k.reshape(self.h, m, g, self.dh).sum(2) / g
        a1 = torch.softmax(q @ kl.transpose(-1, -2), -1)
        a2 = pinv(torch.softmax(ql @ kl.transpose(-1, -2), -1))
        a3 = torch.softmax(ql @ k.transpose(-1, -2), -1)
        out = (a1 @ a2) @ (a3 @ v) + self.res_conv(v[None])[0]
        return self.to_out(out.transpose(0, 1).reshape(x.shape[0], -1))[-n:]


class Layer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm, self.attn = nn.LayerNorm(d), Nystrom(d)

    def forward(self, x):
        return x + self.attn(self.norm(x))


class Ppeg(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj, self.proj1, self.proj2 = (nn.Conv2d(d, d, k, 1, k // 2, groups=d) for k in (7, 5, 3))

    def forward(self, x):  # [N, D]
        n, d = x.shape
        s = math.ceil(math.sqrt(n))
        x = torch.cat([x, x[: s * s - n]])
        if s < 7:
            x = torch.cat([x, x.new_zeros(49 - s * s, d)])
            s = 7
        g = x.t().reshape(1, d, s, s)
        y = self.proj(g) + g + self.proj1(g) + self.proj2(g)
        return y.reshape(d, -1).t()[:n]


class TransMil(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.cls_token = nn.Parameter(torch.randn(1, 1, d))
        self.norm, self.layer1, self.layer2, self.pos_embedding = nn.LayerNorm(d), Layer(d), Layer(d), Ppeg(d)

    def forward(self, h):
        x = self.layer1(torch.cat([self.cls_token[0], h]))
        x = torch.cat([x[:1], self.pos_embedding(x[1:])])
        return self.norm(self.layer2(x))[0]


class DsMil(nn.Module):
    def __init__(self, d, c):
        super().__init__()
        self.i_classifier = nn.Sequential(nn.Linear(d, c))
        self.b_classifier = nn.Module()
        self.b_classifier.q = nn.Sequential(nn.Linear(d, 128), nn.ReLU(), nn.Linear(128, 128), nn.Tanh())
        self.b_classifier.v = nn.Sequential(nn.Dropout(0), nn.Linear(d, d), nn.ReLU())
        self.b_classifier.fcc = nn.Conv1d(c, c, kernel_size=d)

    def forward(self, h):
        b = self.b_classifier
        inst = self.i_classifier(h)
        q = b.q(h)
        qc = b.q(h[inst.argmax(0)])
        a = torch.softmax(q @ qc.t() / math.sqrt(128), 0)
        bag = b.fcc((a.t() @ b.v(h))[None]).reshape(-1)
        return 0.5 * bag + 0.5 * inst.max(0).values


class Mhim(nn.Module):
    def __init__(self, agg, d_in, d, c):
        super().__init__()
        self.agg = agg
        self.feature = nn.Sequential(nn.Linear(d_in, d), nn.ReLU())
        self.online_encoder = {"attn": lambda: AbMil(d), "selfattn": lambda: TransMil(d), "dsmil": lambda: DsMil(d, c)}[agg]()
        self.predictor = nn.Linear(d, c)

    def forward(self, x):
        z = self.online_encoder(self.feature(x))
        return z if self.agg == "dsmil" else self.predictor(z)


def check(folder):
    cfg = json.load(open(f"{folder}/config.json"))
    exp = json.load(open(f"{folder}/expected.json"))
    model = Mhim(cfg["baseline"], cfg["input_dim"], cfg["mlp_dim"], cfg["n_classes"]).eval()
    state = {k: v for k, v in torch.load(f"{folder}/checkpoint.pt")["model"].items() if not k.startswith("merge.")}
    model.load_state_dict(state)
    with torch.no_grad():
        logits = model(torch.load(f"{folder}/bag.pt"))
    want = torch.tensor(exp["student_eval"]["logits"])
    if not torch.allclose(logits, want, rtol=1e-4, atol=1e-5):
        sys.exit(f"baseline does not reproduce {folder}: {logits.tolist()} vs {want.tolist()}")
    print(f"baseline reproduces {folder}")


def timed(agg, reps, sizes):
    torch.manual_seed(0)
    model = Mhim(agg, 1024, 512, 2).eval()
    for n in sizes:
        x = torch.rand(n, 1024) * 2 - 1
        with torch.no_grad():
            wall, cpu, _ = sample(lambda i: model(x), reps)
        print(f"{agg} {n} {wall:.1f} {cpu:.1f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        timed(sys.argv[2], int(sys.argv[3]), [int(s) for s in sys.argv[4:]])
