package org.odenet.ml;

import org.apache.spark.sql.SparkSession;

/**
 * The JVM {@link SaveKillLoopTest} kills: saves {@link TinyModels#of}(first), (first + 1), ... over one path
 * with {@code write().overwrite().save}, forever, printing "begin k" before and "saved k" after each save.
 *
 * <p>Arguments: the path, the first seed.
 */
public final class SaveLoopChild {
    private SaveLoopChild() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        int seed = Integer.parseInt(args[1]);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("save-loop-child")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        while (true) {
            OdeNetClassificationModel model = TinyModels.of(seed);
            System.out.println("begin " + seed);
            System.out.flush();
            long start = System.nanoTime();
            model.write().overwrite().save(path);
            System.out.println("saved " + seed + " " + (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            seed++;
        }
    }
}
