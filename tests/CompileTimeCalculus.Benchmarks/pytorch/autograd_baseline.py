#!/usr/bin/python3
"""Value-and-gradient time with PyTorch's autograd, for comparison with the emitted gradients (not part of CI).

The same functions as the C# benchmarks, on one thread, in double precision:
  - the regularized log loss of GradientBenchmarks (one example, n weights), n = 10 ... 10,000;
  - four functions of the ML corpus (tests/MlCorpus/Corpus.cs) at the sizes of CorpusGradientBenchmarks (n = 1,000).
Each timing is the median of 7 repetitions of a loop of calls (forward pass, backward pass, gradient read).

Run with Debian's PyTorch: apt-get install python3-torch; /usr/bin/python3 autograd_baseline.py
"""
import statistics
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def per_call(step, calls):
    """Median seconds per call of step() over 7 runs of `calls` calls, after a warm-up."""
    for _ in range(max(10, calls // 10)):
        step()
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        runs.append((time.perf_counter() - start) / calls)
    return statistics.median(runs)


def value_and_gradient(loss, *parameters):
    def step():
        for p in parameters:
            p.grad = None
        value = loss()
        value.backward()
        return value.item()
    return step


def regularized_log_loss(n):
    generator = torch.Generator().manual_seed(n)
    w = (torch.rand(n, generator=generator) * 2 - 1).requires_grad_()
    x = torch.rand(n, generator=generator) * 2 - 1
    y = 1.0

    def loss():
        z = torch.dot(w, x)
        return torch.nn.functional.softplus(z) - y * z + 0.01 * torch.dot(w, w)
    return value_and_gradient(loss, w)


def corpus_cases(n):
    generator = torch.Generator().manual_seed(2026)

    def vector(*shape):
        return torch.rand(*shape, generator=generator) * 2 - 1

    cases = {}

    w, b, X = vector(4).requires_grad_(), vector(1).requires_grad_(), vector(n, 4)
    y = (vector(n) > 0).double()
    cases["LogisticRegression"] = value_and_gradient(
        lambda: (torch.nn.functional.softplus(X @ w + b) - y * (X @ w + b)).mean(), w, b)

    W1, b1, w2, b2 = vector(8, 2).requires_grad_(), vector(8).requires_grad_(), vector(8).requires_grad_(), vector(1).requires_grad_()
    X2, y2 = vector(n, 2), (vector(n) > 0).double()

    def mlp():
        z = torch.tanh(X2 @ W1.T + b1) @ w2 + b2
        return (torch.nn.functional.softplus(-z) + (1 - y2) * z).mean()
    cases["MlpTanh"] = value_and_gradient(mlp, W1, b1, w2, b2)

    z = vector(n).requires_grad_()
    cases["LogSumExpLoss"] = value_and_gradient(lambda: torch.logsumexp(z, 0) - z[0], z)

    r = vector(n).requires_grad_()
    cases["Rosenbrock"] = value_and_gradient(lambda: ((1 - r[:-1]) ** 2 + 100 * (r[1:] - r[:-1] ** 2) ** 2).sum(), r)
    return cases


def main():
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread, float64")
    print()
    print("| n | regularized log loss: value and gradient |")
    print("|---:|---:|")
    for n in (10, 100, 1_000, 10_000):
        seconds = per_call(regularized_log_loss(n), 2_000)
        print(f"| {n:,} | {seconds * 1e6:.1f} µs |")
    print()
    print("| corpus function (n = 1,000) | value and gradient |")
    print("|---|---:|")
    for name, step in corpus_cases(1_000).items():
        seconds = per_call(step, 500)
        print(f"| {name} | {seconds * 1e6:.1f} µs |")


if __name__ == "__main__":
    main()
