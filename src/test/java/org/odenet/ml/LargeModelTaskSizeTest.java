package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkSpec;
import org.odenet.spark.SparkTestSession;

/**
 * Saving and scoring a model whose θ is larger than Spark's recommended task size (1000 KiB) ships θ by
 * broadcast: no "task of very large size" or "Broadcasting large task binary" warning.
 */
class LargeModelTaskSizeTest {
    private static final String[] SCHEDULER_LOGGERS = {
        "org.apache.spark.scheduler.TaskSetManager", "org.apache.spark.scheduler.DAGScheduler"};

    /** Collects the scheduler's warnings while it is attached. */
    private static final class SchedulerWarnings extends AbstractAppender implements AutoCloseable {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        SchedulerWarnings() {
            super("scheduler-warnings", null, null, true, Property.EMPTY_ARRAY);
            start();
            for (String name : SCHEDULER_LOGGERS) {
                logger(name).addAppender(this);
            }
        }

        private static Logger logger(String name) {
            return ((LoggerContext) LogManager.getContext(false)).getLogger(name);
        }

        @Override
        public void append(LogEvent event) {
            messages.add(event.getMessage().getFormattedMessage());
        }

        List<String> largeTasks() {
            synchronized (messages) {
                return messages.stream().filter(m -> m.contains("very large size") || m.contains("large task binary"))
                        .toList();
            }
        }

        @Override
        public void close() {
            for (String name : SCHEDULER_LOGGERS) {
                logger(name).removeAppender(this);
            }
            stop();
        }
    }

    @Test
    void savingAndScoringAModelOfTwoMegabytesSendsNoLargeTask(@TempDir Path tmp) throws java.io.IOException {
        SparkSession spark = SparkTestSession.get();
        NetworkSpec spec = new NetworkSpec(100, 20, 1.0, ButcherTableau.EULER, Architecture.RESNET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        double[] theta = new double[spec.layout().size()];
        Random random = new Random(3);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.01 * random.nextGaussian();
        }
        assertTrue(theta.length * 8L > 1_500_000, "θ of " + theta.length + " doubles is above 1000 KiB");
        OdeNetClassificationModel model = new OdeNetClassificationModel("odenet_large", spec, theta, null);

        try (SchedulerWarnings warnings = new SchedulerWarnings()) {
            // the capture sees the warning when a row as large as θ travels inside a task, as saves did
            spark.createDataFrame(List.of(RowFactory.create((Object) theta)),
                    new StructType().add("theta", DataTypes.createArrayType(DataTypes.DoubleType, false), false))
                    .write().format("noop").mode("overwrite").save();
            assertEquals(1, warnings.largeTasks().size(), "the capture works: " + warnings.messages);
            warnings.messages.clear();

            String path = tmp.resolve("model").toString();
            model.write().save(path);
            OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
            assertArrayEquals(theta, loaded.parameters(), 0.0);
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                double[] x = new double[100];
                for (int j = 0; j < x.length; j++) {
                    x[j] = random.nextGaussian();
                }
                rows.add(RowFactory.create(Vectors.dense(x)));
            }
            // in partitions, not a local relation, which Spark would score in the driver without tasks
            Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType()))
                    .repartition(2);
            assertEquals(8, loaded.transform(frame).collectAsList().size());
            assertEquals(List.of(), warnings.largeTasks(), "no large task from the save, the load or a transform");

            // the per-row path: Spark's UDFs hold the model, whose θ then travels by broadcast
            loaded.setTransformedFeaturesCol("flow").setSensitivityCol("dpdx").setSensitivityOf("probability");
            List<Row> perRow = loaded.transformRowByRow(frame).collectAsList();
            List<Row> blocks = loaded.transform(frame).collectAsList();
            assertEquals(blocks, perRow, "the per-row UDFs on the executors score with the whole θ");
            assertEquals(List.of(), warnings.largeTasks(), "no large task from the per-row transform");
        }
    }
}
