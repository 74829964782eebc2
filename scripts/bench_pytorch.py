#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference timing: the paper's 4-layer MLP (standard or COMET) trained in Python
with PyTorch eager, on the same libtorch build as the C++ core (Debian's
python3-torch). Prints one JSON line like `comet bench`.

    /usr/bin/python3 scripts/bench_pytorch.py --method comet --width 1000 --pk 0.1

Thread counts are set with --threads (torch) and OPENBLAS_NUM_THREADS in the
environment, so that each setting can be measured."""
import argparse, json, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class Mlp(nn.Module):
    def __init__(self, width, pk, comet, inputs=784, outputs=10):
        super().__init__()
        self.fc = nn.ModuleList([nn.Linear(inputs, width), nn.Linear(width, width), nn.Linear(width, width)])
        self.out = nn.Linear(width, outputs)
        self.comet = comet
        self.k = max(1, int(pk * width))
        if comet:
            self.routing = nn.ModuleList([nn.Linear(inputs, width, bias=False), nn.Linear(width, width, bias=False),
                                          nn.Linear(width, width, bias=False)])
            for p in self.routing.parameters():
                p.requires_grad_(False)

    def cap(self, c):
        kth = c.topk(self.k, dim=1).values[:, -1:]
        return (c >= kth).float()

    def forward(self, x):
        masks = []
        if self.comet:
            with torch.no_grad():
                c = self.routing[0](x)
                for l in range(3):
                    if l > 0:
                        c = self.routing[l](c * masks[-1])
                    masks.append(self.cap(c))
        for l, fc in enumerate(self.fc):
            x = F.softplus(fc(x))
            if self.comet:
                x = x * masks[l]
        return self.out(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", choices=["standard", "comet"], default="comet")
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--pk", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Mlp(a.width, a.pk, a.method == "comet")
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    data = torch.randn(4096, 784)
    labels = torch.randint(0, 10, (4096,))

    def step(i):
        idx = torch.randint(0, 4096, (a.batch,))
        opt.zero_grad()
        loss = F.cross_entropy(model(data[idx]), labels[idx])
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(a.warmup):
        step(i)
    t = time.perf_counter()
    for i in range(a.steps):
        step(i)
    s = time.perf_counter() - t
    print(json.dumps({"impl": "python", "method": a.method, "width": a.width, "pk": a.pk, "batch_size": a.batch,
                      "steps": a.steps, "steps_per_second": a.steps / s, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
