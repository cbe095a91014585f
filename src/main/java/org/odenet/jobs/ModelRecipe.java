package org.odenet.jobs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.odenet.ml.OdeNetClassifier;

/**
 * One model of the {@code compare} job, written as an estimator name and its Spark ML params:
 * {@code "odenet architecture=resnet layers=10 solver=lbfgs"}, {@code "mlp hidden=64"} or {@code "logreg"}.
 * Every other word is {@code param=value} for a param of that estimator, set through the estimator's own
 * {@link Params} (so a misspelt or unknown param is an error naming it, and the estimator validates the value).
 * {@code mlp} takes {@code hidden} (comma-separated hidden widths, e.g. {@code 64} or {@code 128,64}) instead of
 * MLlib's {@code layers}, whose input and output widths come from the data.
 */
public final class ModelRecipe {
    /** The estimators a recipe can name. */
    public enum Kind {
        ODENET("odenet"), MLP("mlp"), LOGREG("logreg");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static Kind parse(String name, String recipe) {
            for (Kind k : values()) {
                if (k.configName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("model recipe '" + recipe + "' starts with '" + name
                    + "'; it must start with odenet, mlp or logreg");
        }
    }

    private final String name;
    private final Kind kind;
    private final Map<String, String> params;
    private final int[] hidden;

    private ModelRecipe(String name, Kind kind, Map<String, String> params, int[] hidden) {
        this.name = name;
        this.kind = kind;
        this.params = params;
        this.hidden = hidden;
    }

    /**
     * Parses {@code recipe} for the model called {@code name}.
     *
     * @throws IllegalArgumentException naming the recipe and the word for an unknown estimator, a word that is not
     *                                  param=value, a repeated param, {@code hidden} outside {@code mlp} or
     *                                  {@code layers} on {@code mlp}
     */
    public static ModelRecipe parse(String name, String recipe) {
        List<String> words = Arrays.stream(recipe.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' has an empty recipe");
        }
        Kind kind = Kind.parse(words.get(0), recipe);
        Map<String, String> params = new LinkedHashMap<>();
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            if (eq <= 0 || eq == w.length() - 1) {
                throw new IllegalArgumentException("model '" + name + "': '" + w + "' in '" + recipe
                        + "' is not param=value");
            }
            if (params.put(w.substring(0, eq), w.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("model '" + name + "': param '" + w.substring(0, eq)
                        + "' is given twice in '" + recipe + "'");
            }
        }
        int[] hidden = null;
        String h = params.remove("hidden");
        if (kind == Kind.MLP) {
            if (params.containsKey("layers")) {
                throw new IllegalArgumentException("model '" + name + "': give the MLP's hidden widths as hidden=64 "
                        + "(input and output widths come from the data), not layers=");
            }
            hidden = intList(h == null ? "64" : h, "hidden", name);
        } else if (h != null) {
            throw new IllegalArgumentException("model '" + name + "': 'hidden' is a setting of mlp models only");
        }
        return new ModelRecipe(name, kind, params, hidden);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The params as written (without mlp's {@code hidden}). */
    public Map<String, String> params() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** A one-line description, e.g. "mlp [784, 64, 10] maxIter=100". */
    public String describe(int inputWidth, int numClasses) {
        StringBuilder b = new StringBuilder(kind.configName);
        if (kind == Kind.MLP) {
            b.append(' ').append(Arrays.toString(mlpLayers(inputWidth, numClasses)));
        }
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * The estimator with every param of the recipe set, for data of {@code inputWidth} features and
     * {@code numClasses} classes.
     *
     * @throws IllegalArgumentException naming the model and the param for an unknown param or a bad value
     */
    public Estimator<?> estimator(int inputWidth, int numClasses) {
        Estimator<?> e = switch (kind) {
            case ODENET -> new OdeNetClassifier();
            case MLP -> new MultilayerPerceptronClassifier().setLayers(mlpLayers(inputWidth, numClasses));
            case LOGREG -> new LogisticRegression();
        };
        ParamMap values = new ParamMap();
        params.forEach((k, v) -> put(values, e, k, v));
        return (Estimator<?>) e.copy(values);
    }

    private int[] mlpLayers(int inputWidth, int numClasses) {
        int[] layers = new int[hidden.length + 2];
        layers[0] = inputWidth;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = numClasses;
        return layers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void put(ParamMap values, Params target, String key, String value) {
        if (!target.hasParam(key)) {
            throw new IllegalArgumentException("model '" + name + "': " + target.getClass().getSimpleName()
                    + " has no param '" + key + "'");
        }
        Param p = target.getParam(key);
        Object v;
        try {
            if (p instanceof IntParam) {
                v = Integer.parseInt(value);
            } else if (p instanceof LongParam) {
                v = Long.parseLong(value);
            } else if (p instanceof DoubleParam) {
                v = Double.parseDouble(value);
            } else if (p instanceof BooleanParam) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new NumberFormatException(value);
                }
                v = Boolean.parseBoolean(value);
            } else if (p instanceof IntArrayParam) {
                v = intList(value, key, name);
            } else {
                v = value;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + name + "': param '" + key + "' = '" + value
                    + "' is not a " + p.getClass().getSimpleName().replace("Param", "").toLowerCase(Locale.ROOT));
        }
        try {
            values.put(p, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    private static int[] intList(String value, String key, String model) {
        try {
            int[] r = Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int x : r) {
                if (x < 1) {
                    throw new NumberFormatException();
                }
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + model + "': " + key + " = '" + value
                    + "' must be positive integers separated by commas");
        }
    }
}
