package org.odenet.training;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.odenet.numerics.Block;
import org.odenet.numerics.BlockLoss;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.NonFiniteStateException;
import org.odenet.optim.NetworkEvaluation;

/**
 * The sums one pass accumulates over some blocks — loss, weight, correct weight and, by its
 * {@link PassKind}, the gradient or the squared state norms — in the shape of Spark MLlib's
 * {@code DifferentiableLossAggregator}: {@link #add} a block, {@link #merge} another aggregator,
 * {@link #result}.
 *
 * <p>Blocks are added in order with plain arithmetic, exactly like a loop over the blocks; two aggregators
 * merge with error-free (double-double) addition, so the total does not depend on the order in which
 * partial sums are combined. The gradient arrays are created on the first block, which keeps an empty
 * aggregator small to ship. A non-finite state in a block is recorded, not thrown, so one bad trial does
 * not fail a Spark job: {@link #result} and {@link #stateNormSquares} throw it.
 *
 * <p>Serializable without its work arrays: the evaluator is either given (for a pass in this JVM) or
 * taken from the running thread's {@link EvaluatorCache}. Not thread-safe.
 */
public final class BlockAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final int capacity;
    private final NetworkEvaluator.Options options;
    private final ThetaSource theta;
    private final int parameters;
    private final boolean withGradient;
    private final int normLayers;
    private boolean exact = true;
    private boolean threadBuffer;
    private transient NetworkEvaluator evaluator;
    private double lossHi;
    private double lossLo;
    private double weightHi;
    private double weightLo;
    private double correctHi;
    private double correctLo;
    private double[] gradHi;
    private double[] gradLo;
    private double[] normHi;
    private double[] normLo;
    private String failure;
    private int failureLayer;
    private int failureStage;

    /**
     * An empty aggregator whose blocks are evaluated with the running thread's cached evaluator, for
     * blocks of up to {@code capacity} samples.
     */
    public BlockAggregator(NetworkSpec spec, int capacity, NetworkEvaluator.Options options, ThetaSource theta,
                           PassKind kind) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.spec = Objects.requireNonNull(spec, "spec");
        this.capacity = capacity;
        this.options = Objects.requireNonNull(options, "options");
        this.theta = Objects.requireNonNull(theta, "theta");
        this.parameters = spec.layout().size();
        this.withGradient = Objects.requireNonNull(kind, "kind") == PassKind.GRADIENT;
        this.normLayers = kind == PassKind.STATE_NORMS ? spec.layers() + 1 : 0;
    }

    /** An empty aggregator whose blocks are evaluated with {@code evaluator} (its work arrays) at {@code theta}. */
    public BlockAggregator(NetworkEvaluator evaluator, double[] theta, PassKind kind) {
        this(evaluator.spec(), evaluator.capacity(), evaluator.options(), () -> theta, kind);
        this.evaluator = evaluator;
    }

    /**
     * Merges with plain addition instead of double-double: enough when at most two partial sums will ever be
     * merged, since a + b = b + a exactly. Returns this.
     */
    public BlockAggregator withPlainMerge() {
        exact = false;
        return this;
    }

    /**
     * Sums the gradient into the running thread's buffer ({@link EvaluatorCache#gradientBuffer}) instead of a
     * new array; returns this. Only for a Spark task's aggregator: the thread serialises it before it starts
     * another task, which reuses the buffer.
     */
    public BlockAggregator withThreadGradientBuffer() {
        threadBuffer = true;
        return this;
    }

    /** Runs the forward (and, for {@link PassKind#GRADIENT}, adjoint) pass of one block and adds its sums. */
    public BlockAggregator add(Block block) {
        if (failure != null) {
            return this;
        }
        if (withGradient && gradHi == null) {
            double[] buffer = threadBuffer ? EvaluatorCache.gradientBuffer(parameters) : null;
            if (buffer != null) {
                Arrays.fill(buffer, 0);
                gradHi = buffer;
            } else {
                gradHi = new double[parameters];
            }
        }
        if (normLayers > 0 && normHi == null) {
            normHi = new double[normLayers];
        }
        try {
            BlockLoss b = evaluator().evaluate(theta.theta(), block, withGradient ? gradHi : null, normHi);
            lossHi += b.lossSum();
            weightHi += b.weightSum();
            correctHi += b.correctWeight();
        } catch (NonFiniteStateException e) {
            failure = e.getMessage();
            failureLayer = e.layer();
            failureStage = e.stage();
        }
        return this;
    }

    /**
     * Adds {@code other} into this one, exactly up to a final rounding; returns this. When this one has no
     * gradient yet it takes over {@code other}'s arrays rather than copying them: {@code other} must not be
     * used afterwards. A failure recorded in either is kept (this one's first).
     *
     * @throws IllegalArgumentException if the two do not sum the same quantities over the same parameters
     */
    public BlockAggregator merge(BlockAggregator other) {
        if (other.parameters != parameters || other.withGradient != withGradient || other.normLayers != normLayers) {
            throw new IllegalArgumentException("cannot merge " + describe() + " with " + other.describe());
        }
        if (failure == null) {
            failure = other.failure;
            failureLayer = other.failureLayer;
            failureStage = other.failureStage;
        }
        double[] l = twoSum(lossHi, lossLo, other.lossHi, other.lossLo);
        lossHi = l[0];
        lossLo = l[1];
        double[] w = twoSum(weightHi, weightLo, other.weightHi, other.weightLo);
        weightHi = w[0];
        weightLo = w[1];
        double[] c = twoSum(correctHi, correctLo, other.correctHi, other.correctLo);
        correctHi = c[0];
        correctLo = c[1];
        if (other.gradHi != null) {
            if (gradHi == null) {
                gradHi = other.gradHi;
                gradLo = other.gradLo;
            } else if (!exact && gradLo == null && other.gradLo == null) {
                for (int i = 0; i < gradHi.length; i++) {
                    gradHi[i] += other.gradHi[i];
                }
            } else {
                if (gradLo == null) {
                    gradLo = new double[gradHi.length];
                }
                addExactly(gradHi, gradLo, other.gradHi, other.gradLo);
            }
        }
        if (other.normHi != null) {
            if (normHi == null) {
                normHi = other.normHi;
                normLo = other.normLo;
            } else {
                if (normLo == null) {
                    normLo = new double[normHi.length];
                }
                addExactly(normHi, normLo, other.normHi, other.normLo);
            }
        }
        return this;
    }

    /**
     * Σ over the samples of ‖y<sup>[j]</sup>‖², j = 0..N (a new array) for {@link PassKind#STATE_NORMS}; an
     * empty array for the other kinds.
     *
     * @throws NonFiniteStateException if any block met a non-finite state
     */
    public double[] stateNormSquares() {
        throwFailure();
        double[] out = new double[normLayers];
        for (int j = 0; j < normLayers && normHi != null; j++) {
            out[j] = normLo == null ? normHi[j] : normHi[j] + normLo[j];
        }
        return out;
    }

    /**
     * The pass's result as weighted means, in a new gradient array (this aggregator stays usable).
     *
     * @throws NonFiniteStateException  if any block met a non-finite state
     * @throws IllegalArgumentException if the blocks' total weight is not positive
     */
    public NetworkEvaluation result() {
        return result(false);
    }

    /**
     * As {@link #result()}, but the gradient array of this aggregator becomes the result's (no copy): this
     * aggregator must not be used afterwards.
     */
    public NetworkEvaluation handOverResult() {
        return result(true);
    }

    private NetworkEvaluation result(boolean handOver) {
        throwFailure();
        double[] gradient = null;
        if (withGradient) {
            if (gradHi == null) {
                gradient = new double[parameters];
            } else if (handOver && gradLo == null) {
                gradient = gradHi;
            } else {
                gradient = handOver ? gradHi : new double[parameters];
                for (int i = 0; i < parameters; i++) {
                    gradient[i] = gradLo == null ? gradHi[i] : gradHi[i] + gradLo[i];
                }
            }
        }
        return NetworkEvaluation.fromSums(lossHi + lossLo, gradient, correctHi + correctLo, weightHi + weightLo);
    }

    private void throwFailure() {
        if (failure != null) {
            throw new NonFiniteStateException(failureLayer, failureStage, failure);
        }
    }

    private NetworkEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = EvaluatorCache.get(spec, capacity, options);
        }
        return evaluator;
    }

    private String describe() {
        return String.format(Locale.ROOT, "an aggregator of %d parameters (withGradient=%b, normLayers=%d)",
                parameters, withGradient, normLayers);
    }

    /** (hi, lo) += (otherHi, otherLo) element by element, error-free up to the final rounding. */
    private static void addExactly(double[] hi, double[] lo, double[] otherHi, double[] otherLo) {
        for (int i = 0; i < hi.length; i++) {
            double a = hi[i];
            double b = otherHi[i];
            double s = a + b;
            double bb = s - a;
            double err = (a - (s - bb)) + (b - bb);
            double low = lo[i] + err + (otherLo == null ? 0 : otherLo[i]);
            double h = s + low;
            lo[i] = low - (h - s);
            hi[i] = h;
        }
    }

    /** (aHi + aLo) + (bHi + bLo) as a normalised pair (Knuth's TwoSum, then Fast2Sum). */
    private static double[] twoSum(double aHi, double aLo, double bHi, double bLo) {
        double s = aHi + bHi;
        double bb = s - aHi;
        double err = (aHi - (s - bb)) + (bHi - bb);
        double low = aLo + bLo + err;
        double h = s + low;
        return new double[] {h, low - (h - s)};
    }
}
