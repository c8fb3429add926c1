// The ML corpus: losses and layers written the way C# ML code is written (batches over row-major matrices, buffers,
// helpers with loops, int labels, masks, models as objects), not edited to fit the generator. Compiled with the
// generator by the benchmark project (gradient / value cost) and read as text by the generator tests (which functions
// get a gradient, and whether it matches finite differences).
#pragma warning disable IDE0005 // the tests compile this file without the benchmark project's implicit usings
using System;
#pragma warning restore IDE0005
using CompileTimeCalculus;

namespace Ml;

public static partial class Corpus
{
    // Logistic regression over a batch: X is n×d, row-major; mean log loss.
    [Gradient(nameof(w), nameof(b))]
    public static double LogisticRegression(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
            loss += Math.Log(1 + Math.Exp(z)) - y[i] * z;
        }
        return loss / n;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double LogisticRegressionIntLabels(double[] w, double b, double[] X, int[] labels)
    {
        int n = labels.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b + Dot(w, X, i * d);
            loss += Math.Log(1 + Math.Exp(z)) - (labels[i] == 1 ? z : 0);
        }
        return loss / n;
    }

    public static double Dot(ReadOnlySpan<double> w, ReadOnlySpan<double> X, int offset)
    {
        double s = 0;
        for (int j = 0; j < w.Length; j++) s += w[j] * X[offset + j];
        return s;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double LinearRegressionMse(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double pred = b;
            for (int j = 0; j < d; j++) pred += w[j] * X[i * d + j];
            double err = pred - y[i];
            sum += err * err;
        }
        return sum / n;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double RidgeRegression(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, double lambda)
    {
        double mse = LinearRegressionMse(w, b, X, y);
        double penalty = 0;
        foreach (var wj in w) penalty += wj * wj;
        return mse + lambda * penalty;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double ElasticNet(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, double l1, double l2)
    {
        double loss = LinearRegressionMse(w, b, X, y);
        for (int j = 0; j < w.Length; j++) loss += l1 * Math.Abs(w[j]) + 0.5 * l2 * w[j] * w[j];
        return loss;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double PoissonRegression(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> counts)
    {
        int d = w.Length;
        double nll = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double eta = b;
            for (int j = 0; j < d; j++) eta += w[j] * X[i * d + j];
            nll += Math.Exp(eta) - counts[i] * eta;
        }
        return nll / counts.Length;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double HingeLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double margin = b;
            for (int j = 0; j < d; j++) margin += w[j] * X[i * d + j];
            loss += Math.Max(0, 1 - y[i] * margin);
        }
        return loss / n;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double SquaredHingeLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int n = y.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double score = b;
            for (int j = 0; j < d; j++) score += w[j] * X[i * d + j];
            double h = 1 - y[i] * score;
            if (h > 0) loss += h * h;
        }
        return loss / n;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double HuberRegression(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, double delta)
    {
        int n = y.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = b - y[i];
            for (int j = 0; j < d; j++) r += w[j] * X[i * d + j];
            double a = Math.Abs(r);
            loss += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        }
        return loss / n;
    }

    // Softmax regression: W is k×d row-major, one int label per row of X.
    [Gradient(nameof(W), nameof(bias))]
    public static double SoftmaxRegression(ReadOnlySpan<double> W, ReadOnlySpan<double> bias, ReadOnlySpan<double> X, ReadOnlySpan<int> labels, int d)
    {
        int k = bias.Length, n = labels.Length;
        Span<double> logits = stackalloc double[k];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double z = bias[c];
                for (int j = 0; j < d; j++) z += W[c * d + j] * X[i * d + j];
                logits[c] = z;
                if (z > max) max = z;
            }
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.Exp(logits[c] - max);
            loss += Math.Log(sum) + max - logits[labels[i]];
        }
        return loss / n;
    }

    [Gradient(nameof(p))]
    public static double BinaryCrossEntropy(ReadOnlySpan<double> p, ReadOnlySpan<double> target)
    {
        double loss = 0;
        for (int i = 0; i < p.Length; i++)
            loss -= target[i] * Math.Log(p[i]) + (1 - target[i]) * Math.Log(1 - p[i]);
        return loss / p.Length;
    }

    [Gradient(nameof(logits))]
    public static double BceWithLogits(ReadOnlySpan<double> logits, ReadOnlySpan<double> target)
    {
        double loss = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double x = logits[i];
            loss += Math.Max(x, 0) - x * target[i] + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        }
        return loss / logits.Length;
    }

    // One hidden layer of H tanh units, a logistic output; X is n×2 row-major.
    [Gradient(nameof(W1), nameof(b1), nameof(w2), nameof(b2))]
    public static double MlpTanh(ReadOnlySpan<double> W1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int H = b1.Length, D = X.Length / y.Length;
        Span<double> h = stackalloc double[H];
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < H; j++)
            {
                double a = b1[j];
                for (int k = 0; k < D; k++) a += W1[j * D + k] * X[i * D + k];
                h[j] = Math.Tanh(a);
            }
            double z = b2;
            for (int j = 0; j < H; j++) z += w2[j] * h[j];
            loss += Math.Log(1 + Math.Exp(-z)) + (1 - y[i]) * z;
        }
        return loss / y.Length;
    }

    [Gradient(nameof(W1), nameof(b1), nameof(w2), nameof(b2))]
    public static double MlpRelu(double[] W1, double[] b1, double[] w2, double b2, double[] X, double[] y)
    {
        int hidden = b1.Length, inputs = X.Length / y.Length;
        var h = new double[hidden];
        double sse = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double a = b1[j];
                for (int k = 0; k < inputs; k++) a += W1[j * inputs + k] * X[i * inputs + k];
                h[j] = Math.Max(0.0, a);
            }
            double output = b2;
            for (int j = 0; j < hidden; j++) output += w2[j] * h[j];
            sse += (output - y[i]) * (output - y[i]);
        }
        return 0.5 * sse / y.Length;
    }

    // Attention pooling: scores q·k_t, softmax over t, pooled value against a target.
    [Gradient(nameof(q))]
    public static double AttentionPooling(ReadOnlySpan<double> q, ReadOnlySpan<double> keys, ReadOnlySpan<double> values, double target)
    {
        int d = q.Length, T = values.Length;
        Span<double> scores = stackalloc double[T];
        double max = double.NegativeInfinity;
        for (int t = 0; t < T; t++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += q[j] * keys[t * d + j];
            scores[t] = s / Math.Sqrt(d);
            max = Math.Max(max, scores[t]);
        }
        double norm = 0, pooled = 0;
        for (int t = 0; t < T; t++)
        {
            double e = Math.Exp(scores[t] - max);
            norm += e;
            pooled += e * values[t];
        }
        double err = pooled / norm - target;
        return err * err;
    }

    // GELU with the erf pasted from Abramowitz & Stegun 7.1.26.
    [Gradient]
    public static double GeluErf(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    public static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }

    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    [Gradient]
    public static double BlackScholesCall(double spot, double strike, double maturity, double rate, double volatility)
    {
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * maturity) * NormalCdf(d2);
    }

    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double max = z[0];
        for (int i = 1; i < z.Length; i++) if (z[i] > max) max = z[i];
        double sum = 0;
        foreach (var zi in z) sum += Math.Exp(zi - max);
        return max + Math.Log(sum);
    }

    [Gradient]
    public static double LogSumExpLoss(ReadOnlySpan<double> z) => LogSumExp(z) - z[0];

    public static double DotProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Gradient(nameof(w))]
    public static double DotProductLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double err = DotProduct(w, x) - y;
        return err * err;
    }

    // KL(softmax(p) || softmax(q)) with both log-softmaxes.
    [Gradient(nameof(p))]
    public static double KlDivergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double lp = LogSumExp(p), lq = LogSumExp(q);
        double kl = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double logP = p[i] - lp, logQ = q[i] - lq;
            kl += Math.Exp(logP) * (logP - logQ);
        }
        return kl;
    }

    [Gradient(nameof(a))]
    public static double CosineEmbeddingLoss(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return 1 - dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    [Gradient(nameof(anchor), nameof(positive), nameof(negative))]
    public static double TripletLoss(ReadOnlySpan<double> anchor, ReadOnlySpan<double> positive, ReadOnlySpan<double> negative, double margin) =>
        Math.Max(0, SquaredDistance(anchor, positive) - SquaredDistance(anchor, negative) + margin);

    [Gradient(nameof(mean), nameof(logVar))]
    public static double GaussianNllHeteroscedastic(ReadOnlySpan<double> mean, ReadOnlySpan<double> logVar, ReadOnlySpan<double> target)
    {
        double nll = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double diff = target[i] - mean[i];
            nll += 0.5 * (logVar[i] + diff * diff / Math.Exp(logVar[i]));
        }
        return nll / mean.Length;
    }

    [Gradient(nameof(logits))]
    public static double FocalLoss(ReadOnlySpan<double> logits, ReadOnlySpan<double> target, double gamma)
    {
        double loss = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double p = 1 / (1 + Math.Exp(-logits[i]));
            double pt = target[i] == 1 ? p : 1 - p;
            loss += -Math.Pow(1 - pt, gamma) * Math.Log(pt);
        }
        return loss / logits.Length;
    }

    [Gradient(nameof(prediction))]
    public static double SmoothL1(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double beta)
    {
        double loss = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double diff = Math.Abs(prediction[i] - target[i]);
            if (diff < beta) loss += 0.5 * diff * diff / beta;
            else loss += diff - 0.5 * beta;
        }
        return loss / prediction.Length;
    }

    [Gradient(nameof(prediction))]
    public static double QuantileLoss(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double tau)
    {
        double loss = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double e = target[i] - prediction[i];
            loss += Math.Max(tau * e, (tau - 1) * e);
        }
        return loss / prediction.Length;
    }

    [Gradient(nameof(prediction))]
    public static double LogCoshBatch(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target)
    {
        double loss = 0;
        for (int i = 0; i < prediction.Length; i++) loss += Math.Log(Math.Cosh(prediction[i] - target[i]));
        return loss;
    }

    [Gradient]
    public static double GaussianMixtureNll(ReadOnlySpan<double> x, double mu1, double mu2, double logS1, double logS2, double logitPi)
    {
        double pi = 1 / (1 + Math.Exp(-logitPi));
        double s1 = Math.Exp(logS1), s2 = Math.Exp(logS2);
        double nll = 0;
        foreach (var xi in x)
        {
            double p1 = Math.Exp(-0.5 * (xi - mu1) * (xi - mu1) / (s1 * s1)) / s1;
            double p2 = Math.Exp(-0.5 * (xi - mu2) * (xi - mu2) / (s2 * s2)) / s2;
            nll -= Math.Log(pi * p1 + (1 - pi) * p2);
        }
        return nll;
    }

    [Gradient(nameof(prediction))]
    public static double MaskedMse(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, ReadOnlySpan<int> mask)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            if (mask[i] == 0) continue;
            double e = prediction[i] - target[i];
            sum += e * e;
            count++;
        }
        return sum / Math.Max(count, 1);
    }

    [Gradient(nameof(prediction))]
    public static double PaddedSequenceLoss(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, int length)
    {
        double loss = 0;
        for (int t = 0; t < prediction.Length; t++)
        {
            if (t >= length) break;
            loss += (prediction[t] - target[t]) * (prediction[t] - target[t]);
        }
        return loss / length;
    }

    [Gradient(nameof(x), nameof(gain), nameof(shift))]
    public static double LayerNormLoss(ReadOnlySpan<double> x, ReadOnlySpan<double> gain, ReadOnlySpan<double> shift, ReadOnlySpan<double> target)
    {
        int n = x.Length;
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) variance += (x[i] - mean) * (x[i] - mean);
        variance /= n;
        double inv = 1 / Math.Sqrt(variance + 1e-5);
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double y = gain[i] * (x[i] - mean) * inv + shift[i];
            loss += (y - target[i]) * (y - target[i]);
        }
        return loss;
    }

    // Users × items, rank k; ratings given as (user, item, rating) triples.
    [Gradient(nameof(U), nameof(V))]
    public static double MatrixFactorization(ReadOnlySpan<double> U, ReadOnlySpan<double> V, ReadOnlySpan<int> users, ReadOnlySpan<int> items, ReadOnlySpan<double> ratings, int k, double lambda)
    {
        double loss = 0;
        for (int r = 0; r < ratings.Length; r++)
        {
            int u = users[r], v = items[r];
            double pred = 0;
            for (int f = 0; f < k; f++) pred += U[u * k + f] * V[v * k + f];
            loss += (ratings[r] - pred) * (ratings[r] - pred);
        }
        double reg = 0;
        foreach (var x in U) reg += x * x;
        foreach (var x in V) reg += x * x;
        return loss + lambda * reg;
    }

    // word2vec: one positive context and negatives, each a row of the negatives matrix.
    [Gradient(nameof(center), nameof(context))]
    public static double SkipGramNegativeSampling(ReadOnlySpan<double> center, ReadOnlySpan<double> context, ReadOnlySpan<double> negatives)
    {
        int d = center.Length;
        double loss = -LogSigmoid(DotProduct(center, context));
        for (int n = 0; n < negatives.Length / d; n++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += center[j] * negatives[n * d + j];
            loss -= LogSigmoid(-s);
        }
        return loss;
    }

    public static double LogSigmoid(double z) => -Math.Log(1 + Math.Exp(-z));

    [Gradient]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
            f += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return f;
    }

    [Gradient(nameof(centers), nameof(query))]
    public static double RbfKernelSum(ReadOnlySpan<double> centers, double query, double lengthScale)
    {
        double total = 0;
        foreach (var c in centers) total += Math.Exp(-(query - c) * (query - c) / (2 * lengthScale * lengthScale));
        return total;
    }

    [Gradient(nameof(w), nameof(b))]
    public static double LogisticRegressionPlusMinus(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> X, ReadOnlySpan<double> y, double l2)
    {
        int n = y.Length, d = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
            loss += Math.Log(1 + Math.Exp(-y[i] * z));
        }
        double norm = 0;
        for (int j = 0; j < d; j++) norm += w[j] * w[j];
        return loss / n + 0.5 * l2 * norm;
    }

    // W is outputs×inputs row-major; Y is n×outputs, X n×inputs.
    [Gradient(nameof(W))]
    public static double MultiOutputRegression(ReadOnlySpan<double> W, ReadOnlySpan<double> X, ReadOnlySpan<double> Y, int outputs)
    {
        int inputs = W.Length / outputs, n = X.Length / inputs;
        double loss = 0;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < outputs; o++)
            {
                double pred = 0;
                for (int j = 0; j < inputs; j++) pred += W[o * inputs + j] * X[i * inputs + j];
                double e = pred - Y[i * outputs + o];
                loss += e * e;
            }
        return loss / n;
    }

    [Gradient(nameof(logits))]
    public static double SoftmaxWithTemperature(ReadOnlySpan<double> logits, int label, double temperature)
    {
        double max = logits[0];
        foreach (var z in logits) max = Math.Max(max, z);
        double sum = 0;
        foreach (var z in logits) sum += Math.Exp((z - max) / temperature);
        return Math.Log(sum) - (logits[label] - max) / temperature;
    }

    [Gradient(nameof(mu), nameof(logScale))]
    public static double StudentTNll(ReadOnlySpan<double> x, double mu, double logScale, double nu)
    {
        double scale = Math.Exp(logScale);
        double nll = 0;
        foreach (var xi in x)
        {
            double z = (xi - mu) / scale;
            nll += logScale + 0.5 * (nu + 1) * Math.Log(1 + z * z / nu);
        }
        return nll;
    }

    [Gradient(nameof(w))]
    public static double PoissonGlmWithOffsets(double[] w, double[] X, double[] counts, double[] offsets)
    {
        int d = w.Length;
        double nll = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double eta = offsets[i];
            for (int j = 0; j < d; j++) eta += w[j] * X[i * d + j];
            nll += Math.Exp(eta) - counts[i] * eta;
        }
        return nll;
    }

    [Gradient(nameof(logits))]
    public static double LabelSmoothingCrossEntropy(ReadOnlySpan<double> logits, int label, double smoothing)
    {
        int k = logits.Length;
        double lse = LogSumExp(logits);
        double loss = 0;
        for (int c = 0; c < k; c++)
        {
            double target = c == label ? 1 - smoothing + smoothing / k : smoothing / k;
            loss -= target * (logits[c] - lse);
        }
        return loss;
    }

    [Gradient(nameof(a), nameof(b))]
    public static double ContrastiveLoss(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double similar, double margin)
    {
        double d = Math.Sqrt(SquaredDistance(a, b) + 1e-12);
        return similar * d * d + (1 - similar) * Math.Pow(Math.Max(0, margin - d), 2);
    }

    // Explicit Euler steps of dx/dt = -θ·x, loss at the end.
    [Gradient(nameof(theta), nameof(x0))]
    public static double NeuralOde(ReadOnlySpan<double> theta, double x0, int steps)
    {
        double x = x0, dt = 1.0 / steps;
        for (int s = 0; s < steps; s++)
        {
            double velocity = 0;
            for (int j = 0; j < theta.Length; j++) velocity -= theta[j] * Math.Pow(x, j);
            x += dt * velocity;
        }
        return x * x;
    }
}

// A model as an object: weights in fields, the loss an instance method.
public partial class LinearModel
{
    public double Slope = 0.5;
    public double Intercept = -0.25;

    [Gradient]
    public double Loss(double x, double y) => (Slope * x + Intercept - y) * (Slope * x + Intercept - y);
}
