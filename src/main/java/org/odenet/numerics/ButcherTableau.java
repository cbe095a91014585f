package org.odenet.numerics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An explicit Runge–Kutta method given by its Butcher tableau (A, b, c):
 *
 * <pre>
 *   c | A
 *   --+----
 *     | bᵀ
 * </pre>
 *
 * Immutable. The constructor accepts only explicit methods: A strictly lower triangular, the weights b
 * summing to 1 (consistency) and every row of A summing to its node c<sub>i</sub>. Weights may be zero
 * (the gradient formulas of this project do not divide by b<sub>i</sub>).
 */
public final class ButcherTableau implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Tolerance for the consistency checks Σb = 1 and Σ<sub>l</sub> a<sub>il</sub> = c<sub>i</sub>. */
    public static final double CONSISTENCY_TOLERANCE = 1e-12;

    /**
     * Forward Euler, order 1 (ResNet):
     * <pre>
     *   0 | 0
     *   --+--
     *     | 1
     * </pre>
     */
    public static final ButcherTableau EULER = new ButcherTableau("euler",
            new double[][] {{0}}, new double[] {1}, new double[] {0});

    /**
     * Improved Euler (Heun's method), order 2:
     * <pre>
     *   0 | 0    0
     *   1 | 1    0
     *   --+---------
     *     | 1/2  1/2
     * </pre>
     */
    public static final ButcherTableau IMPROVED_EULER = new ButcherTableau("improved_euler",
            new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.5}, new double[] {0, 1});

    /**
     * Kutta's third-order method, order 3:
     * <pre>
     *   0   | 0    0    0
     *   1/2 | 1/2  0    0
     *   1   | -1   2    0
     *   ----+--------------
     *       | 1/6  2/3  1/6
     * </pre>
     */
    public static final ButcherTableau KUTTA3 = new ButcherTableau("kutta3",
            new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-1, 2, 0}},
            new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 1});

    /**
     * The classical Runge–Kutta method (Kutta 1901), order 4:
     * <pre>
     *   0   | 0    0    0    0
     *   1/2 | 1/2  0    0    0
     *   1/2 | 0    1/2  0    0
     *   1   | 0    0    1    0
     *   ----+-------------------
     *       | 1/6  1/3  1/3  1/6
     * </pre>
     */
    public static final ButcherTableau KUTTA4 = new ButcherTableau("kutta4",
            new double[][] {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 0.5, 1});

    private static final List<ButcherTableau> BUILT_IN = List.of(EULER, IMPROVED_EULER, KUTTA3, KUTTA4);

    private final String name;
    private final double[][] a;
    private final double[] b;
    private final double[] c;

    /**
     * Creates and validates an explicit tableau; the arrays are copied.
     *
     * @param name a short identifier, e.g. {@code "ralston"}
     * @param a    the s×s coefficient matrix, strictly lower triangular
     * @param b    the s weights, summing to 1
     * @param c    the s nodes, c<sub>i</sub> = Σ<sub>l</sub> a<sub>il</sub>
     * @throws IllegalArgumentException naming the offending entry if any rule is broken
     */
    public ButcherTableau(String name, double[][] a, double[] b, double[] c) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tableau name must be non-empty");
        }
        if (a == null || b == null || c == null) {
            throw new IllegalArgumentException("tableau '" + name + "': a, b and c must all be given");
        }
        int s = b.length;
        if (s == 0) {
            throw new IllegalArgumentException("tableau '" + name + "': needs at least one stage, b is empty");
        }
        if (a.length != s || c.length != s) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tableau '%s': shapes disagree: a has %d rows, b has %d entries, c has %d entries",
                    name, a.length, s, c.length));
        }
        double[][] aCopy = new double[s][];
        double bSum = 0;
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != s) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "tableau '%s': row %d of a must have %d entries, has %s",
                        name, i, s, a[i] == null ? "none" : String.valueOf(a[i].length)));
            }
            double rowSum = 0;
            for (int l = 0; l < s; l++) {
                double v = a[i][l];
                requireFinite(name, "a[" + i + "][" + l + "]", v);
                if (l >= i && v != 0) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "tableau '%s' is not explicit: a[%d][%d] = %s on or above the diagonal "
                                    + "(only explicit methods are supported)", name, i, l, v));
                }
                rowSum += v;
            }
            requireFinite(name, "c[" + i + "]", c[i]);
            if (Math.abs(rowSum - c[i]) > CONSISTENCY_TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "tableau '%s': row %d of a sums to %s but c[%d] = %s", name, i, rowSum, i, c[i]));
            }
            requireFinite(name, "b[" + i + "]", b[i]);
            bSum += b[i];
            aCopy[i] = a[i].clone();
        }
        if (Math.abs(bSum - 1) > CONSISTENCY_TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tableau '%s': weights b must sum to 1, they sum to %s", name, bSum));
        }
        this.name = name;
        this.a = aCopy;
        this.b = b.clone();
        this.c = c.clone();
    }

    private static void requireFinite(String name, String entry, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("tableau '" + name + "': " + entry + " = " + v + " is not finite");
        }
    }

    /**
     * The built-in tableau with this name (case-insensitive): {@code euler}, {@code improved_euler},
     * {@code kutta3}, {@code kutta4}.
     *
     * @throws IllegalArgumentException listing the known names if there is none
     */
    public static ButcherTableau byName(String name) {
        for (ButcherTableau t : BUILT_IN) {
            if (t.name.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tableau '" + name + "'; known: " + builtInNames());
    }

    /** Names of the built-in tableaux, in order of increasing order. */
    public static List<String> builtInNames() {
        return BUILT_IN.stream().map(ButcherTableau::name).toList();
    }

    public String name() {
        return name;
    }

    /** Number of stages s. */
    public int stages() {
        return b.length;
    }

    /** Coefficient a<sub>il</sub>, 0-based. */
    public double a(int i, int l) {
        return a[i][l];
    }

    /** Weight b<sub>i</sub>, 0-based. */
    public double b(int i) {
        return b[i];
    }

    /** Node c<sub>i</sub>, 0-based. */
    public double c(int i) {
        return c[i];
    }

    /** A copy of the coefficient matrix. */
    public double[][] aMatrix() {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    /** A copy of the weights. */
    public double[] weights() {
        return b.clone();
    }

    /** A copy of the nodes. */
    public double[] nodes() {
        return c.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ButcherTableau other)) {
            return false;
        }
        return name.equals(other.name) && Arrays.deepEquals(a, other.a)
                && Arrays.equals(b, other.b) && Arrays.equals(c, other.c);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.deepHashCode(a)) + Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        return "ButcherTableau[" + name + ", a=" + Arrays.deepToString(a) + ", b=" + Arrays.toString(b)
                + ", c=" + Arrays.toString(c) + "]";
    }
}
