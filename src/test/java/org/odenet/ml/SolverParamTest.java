package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.optim.IterationMetrics;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;
import org.odenet.training.Solver;

/** The Spark ML param solver: default, validation, mapping to the trainer, and the saved model. */
class SolverParamTest {

    @Test
    void defaultIsGdAndABadValueIsRefusedNamingTheParam() {
        OdeNetClassifier c = new OdeNetClassifier();
        assertEquals("gd", c.getSolver());
        assertEquals(Solver.GD, c.trainingConfig(2).run().solver());
        assertEquals(Solver.LBFGS, c.setSolver("lbfgs").trainingConfig(2).run().solver());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setSolver("newton"));
        assertTrue(e.getMessage().contains("solver"), e.getMessage());
        assertTrue(c.explainParam(c.solver()).contains("lbfgs"));
    }

    @Test
    void anLbfgsModelRecordsItsSolverAndSavesAndLoads(@TempDir Path tmp) throws IOException {
        Dataset<Row> data = SampleFrames.of(SparkTestSession.get(), ToyDataSet.DONUT1D.generate(100, 2), 2);
        OdeNetClassificationModel m = new OdeNetClassifier().setLayers(4).setArchitecture("odenet_simplex")
                .setInitialization("paper").setMaxIter(10).setTol(0).setEngine("driver").setSolver("lbfgs").fit(data);
        assertEquals("lbfgs", m.getSolver());
        String params = m.summary().provenance().get("params");
        assertTrue(params.matches(".*\"solver\":\"\\\\\"lbfgs\\\\\"\".*"), params);
        for (IterationMetrics row : m.summary().history()) {
            assertTrue(Double.isNaN(row.lipschitz()));
        }
        String path = tmp.resolve("m").toString();
        m.write().save(path);
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
        assertEquals("lbfgs", loaded.getSolver());
        assertArrayEquals(m.parameters(), loaded.parameters(), 0.0);
    }
}
