package org.odenet.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkSpec;
import scala.Option;

/**
 * Saving and loading, and the one place that calls Spark's {@code private[ml]} persistence helpers
 * ({@code DefaultParamsWriter}, {@code DefaultParamsReader}), which Spark does not promise to keep stable.
 *
 * <p>A saved model is a directory: {@code metadata/} (Spark ML's JSON: class, uid, params), {@code data/}
 * (Parquet, one row: the network and θ) and, if the model has one, {@code summary/} (text, one JSON line).
 * Saves go through {@link AtomicSave}: written aside and renamed into place when complete, so a reader
 * never sees half a model, an overwrite never loses the old model (also when the saving process is killed),
 * and a second concurrent save to the same path fails naming the first. Loading a path whose save was killed
 * between its two renames restores the complete sibling.
 *
 * <p>Older saves keep loading: models and estimators saved before {@code stateWidth} replaced the param
 * {@code augmentation} (a zero channels) carry that param in their metadata; a model's becomes stateWidth =
 * numFeatures + a (or the default when a = 0), an estimator's must be 0 (it does not know its features).
 */
final class ModelPersistence {
    private static final StructType DATA_SCHEMA = new StructType()
            .add("numFeatures", DataTypes.IntegerType, false)
            .add("numClasses", DataTypes.IntegerType, false)
            .add("layers", DataTypes.IntegerType, false)
            .add("finalTime", DataTypes.DoubleType, false)
            .add("architecture", DataTypes.StringType, false)
            .add("head", DataTypes.StringType, false)
            .add("tableauName", DataTypes.StringType, false)
            .add("tableauA", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false), false)
            .add("tableauB", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("tableauC", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("theta", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("augmentation", DataTypes.IntegerType, false)
            .add("stateWidth", DataTypes.IntegerType, false);

    /** The param {@code stateWidth} replaced; older metadata may name it. */
    static final String LEGACY_AUGMENTATION = "augmentation";

    private ModelPersistence() {
    }

    /** Reads an {@link OdeNetClassifier} saved by {@code DefaultParamsWritable}, also from before stateWidth. */
    static final class EstimatorReader extends MLReader<OdeNetClassifier> {
        @Override
        public OdeNetClassifier load(String path) {
            Path dir = new Path(path);
            try {
                AtomicSave.restoreIfMissing(fileSystem(dir, sparkSession()), dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the siblings of " + path + " for an interrupted save", e);
            }
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    OdeNetClassifier.class.getName());
            int augmentation = legacyAugmentation(metadata);
            if (augmentation > 0) {
                throw new IllegalArgumentException(path + " is an OdeNetClassifier saved with augmentation = "
                        + augmentation + ", a param replaced by stateWidth (the state's channels: the number of "
                        + "features + " + augmentation + "); an estimator does not know its features: load it with "
                        + "the build that saved it, or save a new one with setStateWidth");
            }
            OdeNetClassifier estimator = new OdeNetClassifier(metadata.uid());
            setParams(metadata, estimator);
            return estimator;
        }
    }

    /** Sets the params saved in {@code metadata} on {@code instance}, skipping the legacy augmentation. */
    private static void setParams(DefaultParamsReader.Metadata metadata, Params instance) {
        scala.collection.immutable.List<String> skip = scala.jdk.javaapi.CollectionConverters
                .asScala(List.of(LEGACY_AUGMENTATION)).toList();
        metadata.getAndSetParams(instance, Option.apply(skip));
    }

    /** The value of the legacy param {@code augmentation} set in the metadata (not its default), else 0. */
    static int legacyAugmentation(DefaultParamsReader.Metadata metadata) {
        try {
            JsonNode value = new ObjectMapper().readTree(metadata.metadataJson()).path("paramMap")
                    .path(LEGACY_AUGMENTATION);
            return value.isMissingNode() ? 0 : value.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the metadata of " + metadata.uid(), e);
        }
    }

    /**
     * An {@link MLWriter} that saves through {@link AtomicSave} instead of Spark's delete-then-write: the path
     * holds a complete old or new save at every instant, and a second concurrent save to it fails.
     */
    abstract static class AtomicWriter extends MLWriter {
        @Override
        public void save(String path) throws IOException {
            AtomicSave.save(fileSystem(new Path(path), sparkSession()), path, shouldOverwrite(), this::saveImpl);
        }
    }

    /**
     * Writes an estimator's params like {@code DefaultParamsWritable}, but through {@link AtomicSave}: an
     * overwrite never deletes the old save first.
     */
    static final class EstimatorWriter extends AtomicWriter {
        private final OdeNetClassifier estimator;

        EstimatorWriter(OdeNetClassifier estimator) {
            this.estimator = estimator;
        }

        /** Writes the metadata into the directory {@code path}, which must not exist. */
        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(estimator, path, sparkSession());
        }
    }

    /** Writes a model: metadata, data, summary. */
    static final class ModelWriter extends AtomicWriter {
        private final OdeNetClassificationModel model;

        ModelWriter(OdeNetClassificationModel model) {
            this.model = model;
        }

        /** Writes the model into the directory {@code path}, which must not exist. */
        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
            NetworkSpec spec = model.specOrNull();
            ButcherTableau t = spec.tableau();
            List<Object> a = new ArrayList<>();
            for (double[] row : t.aMatrix()) {
                a.add(row);
            }
            Row row = RowFactory.create(spec.inputWidth(), spec.numClasses(), spec.layers(), spec.finalTime(),
                    spec.architecture().configName(), spec.head().configName(), t.name(), a.toArray(),
                    t.weights(), t.nodes(), model.thetaOrNull(), spec.augmentation(), spec.stateWidth());
            writeRow(spark, row, DATA_SCHEMA, w -> w.parquet(new Path(path, "data").toString()));
            if (model.summaryOrNull() != null) {
                writeSummary(spark, model.summaryOrNull(), new Path(path, "summary"));
            }
        }
    }

    /**
     * Writes {@code row} as a frame of one partition whose task reads the row from a broadcast. A frame made
     * from the row on the driver ({@code createDataFrame(List.of(row))}) carries it inside the task: θ's 8 bytes
     * per parameter (98 MB for a 20-layer MNIST net; a long summary, megabytes), which Spark warns about as a
     * "task of very large size" and sends through the RPC channel instead of the block manager.
     */
    private static void writeRow(SparkSession spark, Row row, StructType schema,
                                 Consumer<DataFrameWriter<Row>> write) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Row> broadcast = jsc.broadcast(row);
        try {
            JavaRDD<Row> rows = jsc.parallelize(List.of(0), 1).map(ignored -> broadcast.value());
            write.accept(spark.createDataFrame(rows, schema).write());
        } finally {
            broadcast.destroy();
        }
    }

    /** Reads a model saved by {@link ModelWriter}. */
    static final class ModelReader extends MLReader<OdeNetClassificationModel> {
        @Override
        public OdeNetClassificationModel load(String path) {
            SparkSession spark = sparkSession();
            Path dir = new Path(path);
            FileSystem fs = fileSystem(dir, spark);
            try {
                AtomicSave.restoreIfMissing(fs, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the siblings of " + path + " for an interrupted save", e);
            }
            String what = "a saved OdeNetClassificationModel";
            requireExists(fs, dir, path + " does not exist");
            requireExists(fs, new Path(dir, "metadata"), path + " is not " + what + ": it has no metadata/ directory");
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark,
                    OdeNetClassificationModel.class.getName());
            requireExists(fs, new Path(dir, "data"), path + " is incomplete: its data/ directory is missing");
            List<Row> rows = spark.read().parquet(new Path(dir, "data").toString()).collectAsList();
            if (rows.size() != 1) {
                throw new IllegalStateException(path + " is corrupt: data/ holds " + rows.size() + " rows, expected 1");
            }
            Row r = rows.get(0);
            ButcherTableau tableau;
            NetworkSpec spec;
            double[] theta;
            try {
                List<Object> aRows = r.getList(r.fieldIndex("tableauA"));
                double[][] a = new double[aRows.size()][];
                for (int i = 0; i < a.length; i++) {
                    a[i] = doubles(aRows.get(i));
                }
                tableau = new ButcherTableau(r.getString(r.fieldIndex("tableauName")), a,
                        doubles(r.get(r.fieldIndex("tableauB"))), doubles(r.get(r.fieldIndex("tableauC"))));
                // models saved before stateWidth have numFeatures + augmentation channels (none before augmentation)
                List<String> columns = java.util.Arrays.asList(r.schema().fieldNames());
                int features = r.getInt(r.fieldIndex("numFeatures"));
                int stateWidth = columns.contains("stateWidth") ? r.getInt(r.fieldIndex("stateWidth"))
                        : features + (columns.contains("augmentation") ? r.getInt(r.fieldIndex("augmentation")) : 0);
                spec = new NetworkSpec(features, stateWidth, r.getInt(r.fieldIndex("layers")),
                        r.getDouble(r.fieldIndex("finalTime")), tableau,
                        Architecture.fromName(r.getString(r.fieldIndex("architecture"))),
                        Head.fromName(r.getString(r.fieldIndex("head"))), r.getInt(r.fieldIndex("numClasses")));
                theta = doubles(r.get(r.fieldIndex("theta")));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + " is corrupt: " + e.getMessage(), e);
            }
            OdeNetTrainingSummary summary = null;
            Path summaryPath = new Path(dir, "summary");
            if (exists(fs, summaryPath)) {
                summary = readSummary(spark, summaryPath);
            }
            OdeNetClassificationModel model;
            try {
                model = new OdeNetClassificationModel(metadata.uid(), spec, theta, summary);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + " is corrupt: " + e.getMessage(), e);
            }
            setParams(metadata, model);
            int augmentation = legacyAugmentation(metadata);
            if (augmentation > 0) {
                model.restoreStateWidth(spec.inputWidth() + augmentation);
            }
            return model;
        }
    }

    /** A summary as one line of JSON text in the directory {@code dir} (which must not exist). */
    private static void writeSummary(SparkSession spark, OdeNetTrainingSummary summary, Path dir) {
        writeRow(spark, RowFactory.create(summary.toJson()), new StructType().add("value", DataTypes.StringType, false),
                w -> w.text(dir.toString()));
    }

    private static OdeNetTrainingSummary readSummary(SparkSession spark, Path dir) {
        Dataset<String> text = spark.read().textFile(dir.toString());
        return OdeNetTrainingSummary.fromJson(text.first());
    }

    /** {@link OdeNetClassificationModel#saveSummary}: writes {@code summary} to {@code path} unless it exists. */
    static void saveSummaryIfAbsent(OdeNetTrainingSummary summary, String path) {
        SparkSession spark = SparkSession.active();
        Path dir = new Path(path);
        if (!exists(fileSystem(dir, spark), dir)) {
            writeSummary(spark, summary, dir);
        }
    }

    /** {@link OdeNetClassificationModel#loadSummary}: the summary saved at {@code path}. */
    static OdeNetTrainingSummary loadSummary(String path, String uid) {
        SparkSession spark = SparkSession.active();
        Path dir = new Path(path);
        if (!exists(fileSystem(dir, spark), dir)) {
            throw new IllegalStateException("no training summary of " + uid + " was saved at " + path);
        }
        return readSummary(spark, dir);
    }

    private static double[] doubles(Object value) {
        if (value instanceof scala.collection.Seq<?> seq) {
            double[] out = new double[seq.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Double) seq.apply(i);
            }
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().mapToDouble(v -> (Double) v).toArray();
        }
        throw new IllegalArgumentException("expected an array of doubles, got " + value);
    }

    private static FileSystem fileSystem(Path path, SparkSession spark) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p, e);
        }
    }

    private static void requireExists(FileSystem fs, Path p, String message) {
        if (!exists(fs, p)) {
            throw new IllegalArgumentException(message);
        }
    }

}
