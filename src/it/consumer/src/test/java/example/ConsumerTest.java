package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.odenet.ml.OdeNetClassificationModel;
import org.odenet.ml.OdeNetClassifier;

/** What a Spark user does with the artifact: fit an OdeNetClassifier on a few rows, predict new ones. */
class ConsumerTest {

    @Test
    void fitsAndPredictsTwoSeparatedClusters() {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("odenet-consumer")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType schema = new StructType()
                    .add("label", DataTypes.DoubleType, false)
                    .add("features", SQLDataTypes.VectorType(), false);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                double jitter = 0.1 * (i % 5);
                rows.add(RowFactory.create(0.0, Vectors.dense(-1 - jitter, -0.5 + jitter)));
                rows.add(RowFactory.create(1.0, Vectors.dense(1 + jitter, 0.5 - jitter)));
            }
            Dataset<Row> train = spark.createDataFrame(rows, schema);

            OdeNetClassificationModel model = new OdeNetClassifier()
                    .setArchitecture("resnet").setLayers(2).setSolver("lbfgs").setMaxIter(50).setSeed(7)
                    .setEngine("auto")
                    .fit(train);

            assertEquals(2, model.numClasses());
            List<Row> unseen = List.of(
                    RowFactory.create(0.0, Vectors.dense(-2, -1)),
                    RowFactory.create(1.0, Vectors.dense(2, 1)));
            List<Row> all = new ArrayList<>(rows);
            all.addAll(unseen);
            List<Row> scored = model.transform(spark.createDataFrame(all, schema))
                    .select("label", "prediction").collectAsList();
            assertEquals(all.size(), scored.size());
            for (Row r : scored) {
                assertEquals(r.getDouble(0), r.getDouble(1), "prediction of a row of class " + r.getDouble(0));
            }
        } finally {
            spark.stop();
        }
    }
}
