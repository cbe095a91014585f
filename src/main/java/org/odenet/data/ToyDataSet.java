package org.odenet.data;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.odenet.numerics.ConfigNames;

/**
 * The paper's four two-dimensional data sets (§5.1, Fig. 1), as pure functions of (size, seed). Labels are
 * 0 and 1; Gaussian noise is added to both coordinates after sampling; draws come from
 * {@link java.util.Random}, so a seed gives the same points on every JVM. The test set of the paper is an
 * independent second draw: call again with another seed ({@link #testSeed(long)}).
 */
public enum ToyDataSet {
    /**
     * 100 grid points on x ∈ [−1, 1], y = 0. ⌈m/3⌉ points of label 1 drawn from the grid with weights
     * ∝ exp(−x²/(2·0.1²)), the rest label 0 with weights ∝ exp(−(|x| − 0.5)²/(2·0.1²)); noise σ = 0.1.
     * The paper uses m = 500.
     */
    DONUT1D(500, 0.1) {
        @Override
        LabeledSamples draw(int m, Random random) {
            double[] grid = linspace(-1, 1, 100);
            double[] xs = new double[100];
            double[] ys = new double[100];
            for (int i = 0; i < 100; i++) {
                xs[i] = grid[i];
            }
            int ones = (m + 2) / 3;
            return fromGrid(xs, ys, m, ones, r -> gauss(r, 0), r -> gauss(r, 0.5), random, true);
        }
    },
    /**
     * A 100×100 grid on [−1, 1]², ρ the radius. Half the points (⌈m/2⌉) of label 1 drawn with weights
     * ∝ exp(−ρ²/(2·0.1²)), the others label 0 on the ring, weights ∝ exp(−(ρ − 0.5)²/(2·0.1²)); noise σ = 0.1.
     */
    DONUT2D(1000, 0.1) {
        @Override
        LabeledSamples draw(int m, Random random) {
            double[] grid = linspace(-1, 1, 100);
            double[] xs = new double[100 * 100];
            double[] ys = new double[100 * 100];
            for (int i = 0; i < 100; i++) {
                for (int j = 0; j < 100; j++) {
                    xs[i * 100 + j] = grid[i];
                    ys[i * 100 + j] = grid[j];
                }
            }
            return fromGrid(xs, ys, m, (m + 1) / 2, r -> gauss(r, 0), r -> gauss(r, 0.5), random, false);
        }
    },
    /**
     * Two arms of ⌊m/2⌋ and ⌈m/2⌉ points: r = linspace(0.1, 1), a = linspace(0.1, 2π), the point
     * r (cos(a + φ), sin(a + φ)) with φ = π for label 1 and φ = 0 for label 0; noise σ = 0.05.
     */
    SPIRAL(1000, 0.05) {
        @Override
        LabeledSamples draw(int m, Random random) {
            double[] values = new double[2 * m];
            int[] labels = new int[m];
            int zeros = m / 2;
            int c = 0;
            for (int label = 0; label <= 1; label++) {
                int count = label == 0 ? zeros : m - zeros;
                double[] r = linspace(0.1, 1, count);
                double[] a = linspace(0.1, 2 * Math.PI, count);
                double phi = label == 1 ? Math.PI : 0;
                for (int i = 0; i < count; i++, c++) {
                    values[2 * c] = r[i] * StrictMath.cos(a[i] + phi);
                    values[2 * c + 1] = r[i] * StrictMath.sin(a[i] + phi);
                    labels[c] = label;
                }
            }
            return new LabeledSamples(2, values, labels);
        }
    },
    /** Uniform on [−0.7, 0.7]², label 1 iff x₁x₂ &gt; 0 (decided before the noise); noise σ = 0.1. */
    SQUARES(1000, 0.1) {
        @Override
        LabeledSamples draw(int m, Random random) {
            double[] values = new double[2 * m];
            int[] labels = new int[m];
            for (int c = 0; c < m; c++) {
                double x = -0.7 + 1.4 * random.nextDouble();
                double y = -0.7 + 1.4 * random.nextDouble();
                values[2 * c] = x;
                values[2 * c + 1] = y;
                labels[c] = x * y > 0 ? 1 : 0;
            }
            return new LabeledSamples(2, values, labels);
        }
    };

    private final int paperSize;
    private final double noise;

    ToyDataSet(int paperSize, double noise) {
        this.paperSize = paperSize;
        this.noise = noise;
    }

    abstract LabeledSamples draw(int m, Random random);

    /** The training-set size the paper uses (500 for donut1d, 1000 otherwise). */
    public int paperSize() {
        return paperSize;
    }

    /** Standard deviation of the Gaussian noise added to both coordinates. */
    public double noise() {
        return noise;
    }

    /**
     * m noisy samples; a pure function of (this, m, seed).
     *
     * @throws IllegalArgumentException if m &lt; 2
     */
    public LabeledSamples generate(int m, long seed) {
        if (m < 2) {
            throw new IllegalArgumentException("a data set needs at least 2 samples, got " + m);
        }
        Random random = new Random(seed);
        LabeledSamples clean = draw(m, random);
        double[] values = clean.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] += noise * random.nextGaussian();
        }
        return new LabeledSamples(2, values, clean.labels());
    }

    /** The seed of the independent test draw that goes with training seed {@code seed}. */
    public static long testSeed(long seed) {
        return seed ^ 0x5DEECE66DL;
    }

    /** Lower-case name: donut1d, donut2d, spiral, squares. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** Parses a name case-insensitively; the error lists the valid names. */
    public static ToyDataSet fromName(String name) {
        return ConfigNames.parse(values(), name, "data set");
    }

    private static double gauss(double r, double centre) {
        double d = r - centre;
        return StrictMath.exp(-d * d / (2 * 0.1 * 0.1));
    }

    static double[] linspace(double from, double to, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = count == 1 ? from : from + (to - from) * i / (count - 1);
        }
        return out;
    }

    /**
     * Draws {@code ones} grid points of label 1 and m − ones of label 0 with replacement, with weights
     * given by the two densities of the radius (|x| in one dimension).
     */
    private static LabeledSamples fromGrid(double[] xs, double[] ys, int m, int ones, DoubleUnaryOperator inner,
                                           DoubleUnaryOperator outer, Random random, boolean oneDimensional) {
        int g = xs.length;
        double[] wInner = new double[g];
        double[] wOuter = new double[g];
        for (int i = 0; i < g; i++) {
            double rho = oneDimensional ? Math.abs(xs[i]) : Math.hypot(xs[i], ys[i]);
            wInner[i] = inner.applyAsDouble(rho);
            wOuter[i] = outer.applyAsDouble(rho);
        }
        double[] cInner = cumulative(wInner);
        double[] cOuter = cumulative(wOuter);
        double[] values = new double[2 * m];
        int[] labels = new int[m];
        for (int c = 0; c < m; c++) {
            boolean one = c < ones;
            int idx = sample(one ? cInner : cOuter, random);
            values[2 * c] = xs[idx];
            values[2 * c + 1] = ys[idx];
            labels[c] = one ? 1 : 0;
        }
        return new LabeledSamples(2, values, labels);
    }

    private static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            c[i] = s;
        }
        return c;
    }

    private static int sample(double[] cumulative, Random random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int idx = Arrays.binarySearch(cumulative, u);
        idx = idx >= 0 ? idx + 1 : -idx - 1;
        return Math.min(idx, cumulative.length - 1);
    }
}
