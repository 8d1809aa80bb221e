"""Bench set-up: a ResNet-50 truncated after layer 3 (CLAM's 1024-d baseline shape), random
weights, traced to TorchScript with its JSON sidecar, under bench/out (git-ignored; never commit).

Run with Debian's python3-torch/python3-torchvision: /usr/bin/python3 bench/make_resnet50_trunc.py
"""
import json
import os
import sys

import torch
import torchvision

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "out")
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
m = torchvision.models.resnet50()  # random weights: shape and cost are what the benchmark needs
trunk = torch.nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3,
                            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
trunk.eval()
with torch.no_grad():
    traced = torch.jit.trace(trunk, torch.zeros(1, 3, 224, 224))
traced.save(os.path.join(out, "resnet50-trunc.pt"))
with open(os.path.join(out, "resnet50-trunc.json"), "w") as f:
    json.dump({"id": "resnet50-trunc-random", "input_size": 224,
               "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
               "output_dim": 1024, "magnification": 20}, f, indent=2)
print("wrote", os.path.join(out, "resnet50-trunc.pt"))
