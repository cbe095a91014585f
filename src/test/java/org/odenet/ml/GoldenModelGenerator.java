package org.odenet.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;

/**
 * Generates the golden saved model in {@code src/test/resources/golden/} that {@link GoldenModelTest} must
 * keep loading and predicting identically. Run it only when the saved format changes on purpose (and
 * bump the directory's version):
 * <pre>
 * mvn -q test-compile && java @conf/java-options -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
 *     org.odenet.ml.GoldenModelGenerator src/test/resources/golden
 * </pre>
 */
public final class GoldenModelGenerator {
    static final String MODEL_DIR = "odenet-model-v1";
    static final String PREDICTIONS = "odenet-model-v1-predictions.csv";

    private GoldenModelGenerator() {
    }

    /** The inputs the golden predictions are recorded for. */
    static Dataset<Row> inputs(SparkSession spark) {
        return SampleFrames.of(spark, ToyDataSet.SQUARES.generate(40, 99), 1);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("golden").getOrCreate();
        try {
            Dataset<Row> train = SampleFrames.of(spark, ToyDataSet.SQUARES.generate(300, 7), 2);
            OdeNetClassificationModel model = new OdeNetClassifier().setArchitecture("odenet_simplex")
                    .setTableau("kutta3").setLayers(5).setInitialization("paper").setMaxIter(40).setTol(0)
                    .setSeed(2019).setTransformedFeaturesCol("flowed").fit(train);
            model.write().overwrite().save(out.resolve(MODEL_DIR).toString());
            List<String> lines = new ArrayList<>();
            lines.add("x1,x2,raw0,raw1,p0,p1,prediction");
            for (Row r : model.transform(inputs(spark)).collectAsList()) {
                Vector x = r.getAs("features");
                Vector raw = r.getAs("rawPrediction");
                Vector p = r.getAs("probability");
                lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s", x.apply(0), x.apply(1), raw.apply(0),
                        raw.apply(1), p.apply(0), p.apply(1), r.getAs("prediction")));
            }
            Files.write(out.resolve(PREDICTIONS), lines);
        } finally {
            spark.stop();
        }
    }
}
