package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/**
 * Issue 13: bad data files are errors naming the file (and the line for text formats), raised before any
 * training as {@link IllegalArgumentException} (exit 2), never a Spark stack trace; training and test data of
 * different widths name both files.
 */
class DataReaderErrorsTest {
    private static final String GOOD = "1 1:0.5 2:0.25\n0 2:1.5\n";

    private static SparkSession spark() {
        return SparkTestSession.get();
    }

    private static String refused(Path file, int numFeatures) {
        return assertThrows(IllegalArgumentException.class,
                () -> DataReaders.read(spark(), file.toString(), DataReaders.formatOf(file.toString()), numFeatures))
                .getMessage();
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void libsvmIndicesBelowOneOrOutOfOrderNameTheFileAndLine(@TempDir Path tmp) throws IOException {
        Path zero = write(tmp, "zero.libsvm", GOOD + "1 0:1 2:3\n");
        assertEquals(zero + " line 3: feature index 0; LIBSVM indices start at 1", refused(zero, 0));
        Path negative = write(tmp, "negative.libsvm", "# a comment\n\n1 -2:1\n");
        assertEquals(negative + " line 3: feature index -2; LIBSVM indices start at 1", refused(negative, 0));
        Path unsorted = write(tmp, "unsorted.libsvm", "1 3:1 2:1\n");
        assertEquals(unsorted + " line 1: feature index 2 after 3; LIBSVM indices must be in ascending order",
                refused(unsorted, 0));
        Path repeated = write(tmp, "repeated.libsvm", "1 2:1 2:1\n");
        assertTrue(refused(repeated, 0).contains("feature index 2 after 2"));
        Path wide = write(tmp, "wide.libsvm", GOOD + "0 1:1 9:1\n");
        assertEquals(wide + " line 3: feature index 9 exceeds the 2 features the job sets (numFeatures)",
                refused(wide, 2));
        Path garbage = write(tmp, "garbage.libsvm", "1 1:0.5\nyes 1:1\n");
        assertEquals(garbage + " line 2: label 'yes' is not a number", refused(garbage, 0));
        Path noValue = write(tmp, "novalue.libsvm", "1 1\n");
        assertEquals(noValue + " line 1: '1' is not index:value", refused(noValue, 0));
    }

    @Test
    void emptyFilesDirectoriesAndMissingPathsAreNamed(@TempDir Path tmp) throws IOException {
        Path empty = write(tmp, "empty.libsvm", "");
        assertEquals("data " + empty + " holds no rows", refused(empty, 0));
        Path comments = write(tmp, "comments.libsvm", "# nothing\n\n");
        assertEquals("data " + comments + " holds no rows", refused(comments, 0));
        Path dir = Files.createDirectories(tmp.resolve("parts.libsvm"));
        Files.writeString(dir.resolve("_SUCCESS"), "");
        assertEquals("data directory " + dir + " holds no data files", refused(dir, 0));
        Path missing = tmp.resolve("missing.csv");
        assertEquals("data path " + missing + " does not exist", refused(missing, 0));
        Path headerOnly = write(tmp, "header.csv", "x1,x2,label\n");
        assertEquals("data " + headerOnly + " holds no rows", refused(headerOnly, 0));
        Path emptyParquet = Files.createDirectories(tmp.resolve("empty.parquet"));
        assertEquals("data directory " + emptyParquet + " holds no data files", refused(emptyParquet, 0));
    }

    @Test
    void csvCellsThatAreEmptyOrNotNumbersNameTheFileLineAndColumn(@TempDir Path tmp) throws IOException {
        Path emptyCell = write(tmp, "a.csv", "x1,x2,label\n0.5,1,0\n0.25,,1\n");
        assertEquals(emptyCell + " line 3: column 'x2' is empty", refused(emptyCell, 0));
        Path word = write(tmp, "b.csv", "x1,x2,label\n0.5,one,0\n");
        assertEquals(word + " line 2: column 'x2' 'one' is not a number", refused(word, 0));
        Path ragged = write(tmp, "c.csv", "x1,x2,label\n0.5,1\n");
        assertEquals(ragged + " line 2 has 2 cells, the header 3", refused(ragged, 0));
        Path noLabel = write(tmp, "d.csv", "x1,x2,y\n0.5,1,0\n");
        assertEquals("CSV file " + noLabel + " has no 'label' column (header: x1,x2,y)", refused(noLabel, 0));
    }

    @Test
    void parquetColumnsOfTheWrongTypeAreNamed(@TempDir Path tmp) {
        StructType arrays = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.DoubleType);
        Dataset<Row> df = spark().createDataFrame(List.of(RowFactory.create(List.of(0.5, 1.0), 1.0)), arrays);
        Path file = tmp.resolve("arrays.parquet");
        df.write().mode(SaveMode.Overwrite).parquet(file.toString());
        assertEquals("Parquet data " + file + ": column 'features' is array<double>, not a vector "
                + "(org.apache.spark.ml.linalg.Vector, as the generate-data job writes it)", refused(file, 0));
        StructType noLabel = new StructType().add("features", DataTypes.StringType).add("y", DataTypes.DoubleType);
        Path other = tmp.resolve("other.parquet");
        spark().createDataFrame(List.of(RowFactory.create("a", 1.0)), noLabel).write().parquet(other.toString());
        assertEquals("Parquet data " + other + " has no column 'label' (columns: features, y)", refused(other, 0));
    }

    @Test
    void goodFilesReadAsBeforeWithTheirWidth(@TempDir Path tmp) throws IOException {
        Path train = write(tmp, "train.libsvm", GOOD);
        Path test = write(tmp, "test.libsvm", "0 1:1 2:2\n");
        DataReaders.TrainTest data = DataReaders.readPair(spark(), train.toString(), test.toString(), 0, "k");
        assertEquals(2, data.numFeatures());
        assertEquals(2, data.train().count());
        Path csv = write(tmp, "train.csv", "x1,x2,label\n\"0.5\",1,0\n0.25,2,1\n");
        DataReaders.TrainTest mixed = DataReaders.readPair(spark(), csv.toString(), test.toString(), 0, "k");
        assertEquals(2, mixed.numFeatures());
        assertEquals(0.25, mixed.train().collectAsList().get(1).<org.apache.spark.ml.linalg.Vector>getAs(0).apply(0));
    }

    @Test
    void trainingAndTestDataOfOtherWidthsNameBothFilesAndBlameTheStrayIndex(@TempDir Path tmp) throws IOException {
        Path train = write(tmp, "train.libsvm", GOOD + "1 1:1 1000:1\n");
        Path test = write(tmp, "test.libsvm", GOOD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataReaders.readPair(spark(), train.toString(), test.toString(), 0, "data.mine.numFeatures"));
        assertEquals("training data " + train + " has 1000 features (index 1000 at " + train + " line 3) but test data "
                + test + " has 2 (index 2 at " + test + " line 1); both must have the same features (for sparse LIBSVM "
                + "files whose last features are zero, set data.mine.numFeatures)", e.getMessage());
        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> DataReaders.readPair(spark(), train.toString(), test.toString(), 2, "data.mine.numFeatures"));
        assertEquals(train + " line 3: feature index 1000 exceeds the 2 features the job sets (numFeatures)",
                fixed.getMessage());
        Path csv = write(tmp, "test.csv", "x1,x2,x3,label\n1,2,3,0\n");
        IllegalArgumentException widths = assertThrows(IllegalArgumentException.class,
                () -> DataReaders.readPair(spark(), test.toString(), csv.toString(), 0, "k"));
        assertTrue(widths.getMessage().startsWith("training data " + test + " has 2 features")
                && widths.getMessage().contains("test data " + csv + " has 3 (the columns of " + csv), widths.getMessage());
    }

    @Test
    void anExperimentWithABadFileExitsWithTwoNamingIt(@TempDir Path tmp) throws IOException {
        Path train = write(tmp, "train.libsvm", GOOD + "1 0:1\n");
        Path test = write(tmp, "test.libsvm", GOOD);
        JobSettings s = JobSettings.load(Path.of("jobs/smoke.properties"), List.of("data.spiral.train=" + train,
                "data.spiral.test=" + test, "output=" + tmp.resolve("out"), "figures=false"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentJob(spark(), "smoke", s).run());
        assertEquals(train + " line 3: feature index 0; LIBSVM indices start at 1", e.getMessage());
        Path stray = write(tmp, "stray.libsvm", GOOD + "1 1:1 1000:1\n");
        JobSettings wide = JobSettings.load(Path.of("jobs/smoke.properties"), List.of("data.spiral.train=" + stray,
                "data.spiral.test=" + test, "output=" + tmp.resolve("out"), "figures=false"));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentJob(spark(), "smoke", wide).run());
        assertTrue(w.getMessage().startsWith("training data " + stray + " has 1000 features (index 1000 at " + stray
                + " line 3)") && w.getMessage().endsWith("set data.spiral.numFeatures)"),
                "every experiment job takes data.<name>.numFeatures: " + w.getMessage());
        JobSettings c = JobSettings.load(Path.of("jobs/compare.properties"), List.of("datasets=mine",
                "data.mine.train=" + test, "data.mine.test=" + tmp.resolve("nope.libsvm"), "models=lr",
                "model.lr=logreg maxIter=1", "output=" + tmp.resolve("cmp")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new CompareJob(spark(), c).run());
        assertEquals("data path " + tmp.resolve("nope.libsvm") + " does not exist", missing.getMessage());
    }
}
