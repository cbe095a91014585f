package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.spark.SparkTestSession;

/**
 * Settings far beyond the data or the heap (issue 13, item 5): blocks are sized to the rows present, so a
 * huge blockSize on small data just works; an impossible network is refused before anything is allocated.
 */
class MemoryBoundsTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** 40 rows of two classes on two features, in two partitions. */
    private static Dataset<Row> fortyRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = Math.cos(i * 0.7);
            double y = Math.sin(i * 1.3);
            rows.add(RowFactory.create(Vectors.dense(x, y), x * y > 0 ? 1.0 : 0.0, 1.0));
        }
        return spark.createDataFrame(rows, SparkTestSession.NULLABLE_WEIGHTED_SCHEMA).repartition(2);
    }

    private static OdeNetClassifier estimator() {
        return new OdeNetClassifier().setLayers(3).setMaxIter(5).setTol(0).setSeed(7);
    }

    @Test
    void hugeBlockSizeOnFortyRowsTrainsAndScoresLikeAnOrdinaryOne() {
        Dataset<Row> data = fortyRows().cache();
        OdeNetClassificationModel huge = estimator().setBlockSize(1_000_000_000).fit(data);
        // with 40 rows every partition is one block under either setting: the same training, bit for bit
        OdeNetClassificationModel ordinary = estimator().setBlockSize(128).fit(data);
        assertArrayEquals(ordinary.parameters(), huge.parameters());
        assertEquals(5, huge.summary().totalIterations());
        List<Row> scored = huge.transform(data).select("prediction").collectAsList();
        List<Row> expected = ordinary.transform(data).select("prediction").collectAsList();
        assertEquals(expected, scored);
        assertEquals(40, scored.size());
        data.unpersist();
    }

    @Test
    void aMillionLayersAreRefusedBeforeAnyAllocationNamingLayersTheEstimateAndTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        OdeNetClassifier c = estimator().setLayers(1_000_000).setTableau("kutta4").setStateWidth(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fit(fortyRows()));
        String m = e.getMessage();
        for (String part : new String[] {"layers = 1000000 of stateWidth = 8 needs about", "GiB for one pass",
            "parameters, work arrays", "but the heap is " + String.format(java.util.Locale.ROOT, "%.1f GiB",
                    heap / (double) (1L << 30)), "lower layers", "raise spark.driver.memory"}) {
            assertTrue(m.contains(part), "'" + m + "' lacks '" + part + "'");
        }
        assertFalse(SparkTestSession.odenetBlocksPersisted(), "nothing left persisted");
    }
}
