package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.ml.OdeNetClassifier;
import org.odenet.spark.SparkTestSession;

/** The compare job's model recipes, its arithmetic against the MLP, and one tiny end-to-end run. */
class CompareJobTest {

    @Test
    void recipesSetTheEstimatorsOwnParams() {
        OdeNetClassifier ours = (OdeNetClassifier) ModelRecipe.parse("a", "odenet architecture=odenet layers=7 "
                + "finalTime=2.5 maxIter=3").estimator(784, 10);
        assertEquals("odenet", ours.getArchitecture());
        assertEquals(7, ours.getLayers());
        assertEquals(2.5, ours.getFinalTime());
        assertEquals(3, ours.getMaxIter());
        MultilayerPerceptronClassifier mlp = (MultilayerPerceptronClassifier) ModelRecipe.parse("m",
                "mlp hidden=128,32 seed=5").estimator(784, 10);
        assertArrayEquals(new int[] {784, 128, 32, 10}, mlp.getLayers());
        assertEquals(5L, mlp.getSeed());
        assertArrayEquals(new int[] {20, 64, 2},
                ((MultilayerPerceptronClassifier) ModelRecipe.parse("m", "mlp").estimator(20, 2)).getLayers());
        LogisticRegression lr = (LogisticRegression) ModelRecipe.parse("l", "logreg regParam=0.01 fitIntercept=false")
                .estimator(784, 10);
        assertEquals(0.01, lr.getRegParam());
        assertEquals(false, lr.getFitIntercept());
        assertEquals("mlp [784, 64, 10] maxIter=5", ModelRecipe.parse("m", "mlp maxIter=5").describe(784, 10));
    }

    @Test
    void badRecipesAreErrorsNamingTheModelAndTheWord() {
        assertError("'svm'", () -> ModelRecipe.parse("x", "svm maxIter=3"));
        assertError("'maxIter' in 'odenet maxIter' is not param=value", () -> ModelRecipe.parse("x", "odenet maxIter"));
        assertError("given twice", () -> ModelRecipe.parse("x", "logreg maxIter=1 maxIter=2"));
        assertError("hidden=64", () -> ModelRecipe.parse("x", "mlp layers=784,10"));
        assertError("mlp models only", () -> ModelRecipe.parse("x", "odenet hidden=3"));
        assertError("hidden = '0'", () -> ModelRecipe.parse("x", "mlp hidden=0"));
        assertError("no param 'layer'", () -> ModelRecipe.parse("x", "odenet layer=3").estimator(2, 2));
        assertError("'layers' = 'ten'", () -> ModelRecipe.parse("x", "odenet layers=ten").estimator(2, 2));
        assertError("model 'x'", () -> ModelRecipe.parse("x", "odenet architecture=cnn").estimator(2, 2));
        assertError("'fitIntercept' = 'yes'", () -> ModelRecipe.parse("x", "logreg fitIntercept=yes").estimator(2, 2));
    }

    private static void assertError(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void eachModelIsMeasuredAgainstTheBetterMlpOfItsDataSet() {
        CompareJob.Result a = new CompareJob.Result("d", "ours", "odenet", 0.91, 1, 30, 40, 100);
        CompareJob.Result m1 = new CompareJob.Result("d", "m1", "mlp [2, 64, 2]", 0.88, 1, 10, 20, 100);
        CompareJob.Result m2 = new CompareJob.Result("d", "m2", "mlp [2, 128, 2]", 0.89, 1, 20, 20, 100);
        CompareJob.Result other = new CompareJob.Result("e", "ours", "odenet", 0.5, 1, 1, 1, 1);
        var vs = CompareJob.againstBestMlp(List.of(a, m1, m2, other));
        assertArrayEquals(new double[] {2.0, 1.5}, vs.get(a), 1e-12);
        assertArrayEquals(new double[] {-1.0, 0.5}, vs.get(m1), 1e-12);
        assertTrue(!vs.containsKey(other), "no MLP on data set e");
        String table = CompareJob.markdown(List.of(a, m2));
        assertTrue(table.contains("| d | ours | 91.00 % | +2.00 | 30.0 s | 1.50× | 40 | 100 | `odenet` |"), table);
    }

    @Test
    void aTinyComparisonWritesOneRowPerModel(@TempDir Path tmp) throws IOException {
        JobSettings s = JobSettings.load(Path.of("jobs/compare.properties"), List.of("datasets=mnist100",
                "models=ours,mlp,lr", "model.ours=odenet layers=2 maxIter=2", "model.mlp=mlp hidden=8 maxIter=2 seed=1",
                "model.lr=logreg maxIter=2", "warmup=false", "output=" + tmp));
        new CompareJob(SparkTestSession.get(), s).run();
        List<String> rows = Files.readAllLines(tmp.resolve("results.csv"));
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("mnist100,ours,\"odenet layers=2 maxIter=2\","), rows.get(1));
        assertTrue(rows.get(2).startsWith("mnist100,mlp,\"mlp [784, 8, 2] maxIter=2 seed=1\","), rows.get(2));
        for (String row : rows.subList(1, 4)) {
            String[] f = row.replaceAll("\"[^\"]*\"", "x").split(",");
            double accuracy = Double.parseDouble(f[3]);
            assertTrue(accuracy > 0.3 && accuracy <= 1, row);
            assertTrue(Long.parseLong(f[6]) >= 1, "the fit started Spark jobs: " + row);
            assertTrue(Integer.parseInt(f[7]) >= 1 && Integer.parseInt(f[7]) <= 2, "iterations: " + row);
        }
        assertTrue(Files.readString(tmp.resolve("results.md")).contains("| mnist100 | lr |"));
    }
}
