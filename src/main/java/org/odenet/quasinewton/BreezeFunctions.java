package org.odenet.quasinewton;

import breeze.linalg.DenseVector;
import breeze.optimize.DiffFunction;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import scala.Tuple2;

/**
 * Breeze {@link DiffFunction}s from Java functions. Java cannot implement the Scala trait in source: it inherits
 * {@code apply(T): Double} (a primitive double) from {@code StochasticDiffFunction} and {@code apply(T1): R} (an
 * Object) from {@code Function1}, which javac sees as a clash (Scala classes get a bridge). So the class is made
 * at run time by {@link LambdaMetafactory}, as for a Java lambda, with {@code calculate} as its one method; the
 * trait's default methods ({@code valueAt}, {@code gradientAt}, {@code cached}, the double {@code apply}) all go
 * through it. The generic {@code Function1.apply} stays unimplemented (an {@link AbstractMethodError} if called),
 * which Breeze's LBFGS, OWLQN and ProjectedQuasiNewton never do: they call {@code calculate} and its defaults.
 */
final class BreezeFunctions {
    private BreezeFunctions() {
    }

    /** What a function computes: the value and the gradient at a point. */
    @FunctionalInterface
    interface Calculation {
        Tuple2<Object, DenseVector<Object>> calculate(DenseVector<Object> x);
    }

    /** A Breeze function whose {@code calculate} is {@code calculation}'s. */
    @SuppressWarnings("unchecked")
    static DiffFunction<DenseVector<Object>> of(Calculation calculation) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType impl = MethodType.methodType(Tuple2.class, DenseVector.class);
            CallSite site = LambdaMetafactory.metafactory(lookup, "calculate",
                    MethodType.methodType(DiffFunction.class, Calculation.class),
                    MethodType.methodType(Tuple2.class, Object.class),
                    lookup.findVirtual(Calculation.class, "calculate", impl), impl);
            return (DiffFunction<DenseVector<Object>>) site.getTarget().invoke(calculation);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a Breeze DiffFunction", e);
        }
    }
}
