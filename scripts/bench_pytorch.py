#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference timing: the paper's 4-layer MLP (standard or COMET), or the ViT, MLP-
Mixer or GPT of the presets, trained in Python with PyTorch eager, on the same
libtorch build as the C++ core (Debian's python3-torch: apt-get install
python3-torch). Prints one JSON line like `comet bench`.

    /usr/bin/python3 scripts/bench_pytorch.py --method comet --width 1000 --pk 0.1
    /usr/bin/python3 scripts/bench_pytorch.py --backbone vit --method comet

The transformers are the presets' models (experiments/vit_fashion.yaml,
mixer_fashion.yaml, gpt_fortunes.yaml: the same sizes, batch, AdamW, gelu, p_k
0.5) on random inputs of the same shapes: attention written out (softmax(q k^T /
sqrt(d)) v, LibTorch 1.13 has no fused attention), COMET as a fixed random
projection of each token capped by topk, as a PyTorch user would write it.

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


def cap(c, k):
    kth = c.topk(k, dim=-1).values[..., -1:]
    return (c >= kth).float()


class BlockMlp(nn.Module):
    """dim -> hidden -> dim, the hidden layer masked per token by COMET."""

    def __init__(self, dim, hidden, comet, pk=0.5):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)
        self.k = max(1, int(pk * hidden))
        self.comet = comet
        if comet:
            self.register_buffer("routing", torch.empty(hidden, dim).uniform_(-dim ** -0.5, dim ** -0.5))

    def forward(self, x):
        h = F.gelu(self.fc1(x))
        if self.comet:
            with torch.no_grad():
                m = cap(x @ self.routing.t(), self.k)
            h = h * m
        return self.fc2(h)


class Attention(nn.Module):
    def __init__(self, dim, heads, causal):
        super().__init__()
        self.qkv, self.proj, self.heads, self.causal = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim), heads, causal

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        s = q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5
        if self.causal:
            s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        return self.proj((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, dim, heads, hidden, comet, causal):
        super().__init__()
        self.n1, self.n2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn, self.mlp = Attention(dim, heads, causal), BlockMlp(dim, hidden, comet)

    def forward(self, x):
        x = x + self.attn(self.n1(x))
        return x + self.mlp(self.n2(x))


class Vit(nn.Module):  # 28x28 images, 7x7 patches: 16 tokens of 49 pixels
    def __init__(self, comet, dim=64, depth=4, heads=4, hidden=256, classes=10):
        super().__init__()
        self.embed, self.pos = nn.Linear(49, dim), nn.Parameter(torch.randn(1, 16, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, hidden, comet, False) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, classes)

    def forward(self, x):
        p = x.view(-1, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(-1, 16, 49)
        return self.head(self.norm(self.blocks(self.embed(p) + self.pos)).mean(1))


class Mixer(nn.Module):
    def __init__(self, comet, dim=64, depth=4, tokens=16, token_hidden=64, channel_hidden=256, classes=10):
        super().__init__()
        self.embed = nn.Linear(49, dim)
        self.n1 = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.n2 = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.token = nn.ModuleList([BlockMlp(tokens, token_hidden, comet) for _ in range(depth)])
        self.channel = nn.ModuleList([BlockMlp(dim, channel_hidden, comet) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, classes)

    def forward(self, x):
        h = self.embed(x.view(-1, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(-1, 16, 49))
        for n1, n2, token, channel in zip(self.n1, self.n2, self.token, self.channel):
            h = h + token(n1(h).transpose(1, 2)).transpose(1, 2)
            h = h + channel(n2(h))
        return self.head(self.norm(h).mean(1))


class Gpt(nn.Module):
    def __init__(self, comet, vocab=114, context=128, dim=128, depth=4, heads=4, hidden=512):
        super().__init__()
        self.embed, self.pos = nn.Embedding(vocab, dim), nn.Parameter(torch.randn(1, context, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, hidden, comet, True) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, vocab)

    def forward(self, x):
        return self.head(self.norm(self.blocks(self.embed(x) + self.pos[:, : x.size(1)])))


def transformer_main(a):
    comet = a.method == "comet"
    if a.backbone == "gpt":
        model, batch = Gpt(comet), a.batch or 64
        data, labels = torch.randint(0, 114, (4096, 128)), torch.randint(0, 114, (4096, 128))
        loss_of = lambda out, y: F.cross_entropy(out.reshape(-1, out.size(-1)), y.reshape(-1))
    else:
        model, batch = (Vit(comet) if a.backbone == "vit" else Mixer(comet)), a.batch or 128
        data, labels = torch.randn(4096, 784), torch.randint(0, 10, (4096,))
        loss_of = F.cross_entropy
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)

    def step():
        idx = torch.randint(0, 4096, (batch,))
        opt.zero_grad()
        loss = loss_of(model(data[idx]), labels[idx])
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t = time.perf_counter()
    for _ in range(a.steps):
        step()
    s = time.perf_counter() - t
    print(json.dumps({"impl": "python", "backbone": a.backbone, "method": a.method, "batch_size": batch,
                      "steps": a.steps, "steps_per_second": a.steps / s, "ms_per_step": 1000 * s / a.steps,
                      "params_trainable": sum(p.numel() for p in model.parameters()),
                      "threads": torch.get_num_threads()}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backbone", choices=["mlp", "vit", "mixer", "gpt"], default="mlp")
    ap.add_argument("--method", choices=["standard", "comet"], default="comet")
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--pk", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=0, help="0: 32 for the MLP, the preset's batch for a transformer")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.backbone != "mlp":
        return transformer_main(a)
    a.batch = a.batch or 32
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
