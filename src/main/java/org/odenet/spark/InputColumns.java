package org.odenet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The columns training reads, checked against a schema before any Spark job runs: a vector column of
 * features, a numeric label column and an optional numeric weight column.
 */
record InputColumns(String features, String label, String weight) {

    /**
     * @throws IllegalArgumentException naming each missing column or wrong type (and the columns present)
     */
    void checkSchema(StructType schema, String what) {
        List<String> problems = new ArrayList<>();
        check(schema, features, true, problems);
        check(schema, label, false, problems);
        if (weight != null) {
            check(schema, weight, false, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + ": " + String.join("; ", problems));
        }
    }

    private static void check(StructType schema, String name, boolean vector, List<String> problems) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            problems.add("column '" + name + "' does not exist (columns: " + String.join(", ", schema.fieldNames()) + ")");
            return;
        }
        DataType type = schema.apply(name).dataType();
        if (vector && !type.equals(SQLDataTypes.VectorType())) {
            problems.add("column '" + name + "' must be of type vector (org.apache.spark.ml.linalg.Vector), but is "
                    + type.simpleString() + "; assemble it with VectorAssembler");
        } else if (!vector && !(type instanceof NumericType)) {
            problems.add("column '" + name + "' must be numeric, but is " + type.simpleString());
        }
    }

    /** The data reduced to (features, label as double[, weight as double]). */
    Dataset<Row> select(Dataset<Row> data) {
        List<Column> cols = new ArrayList<>();
        cols.add(functions.col(features));
        cols.add(functions.col(label).cast("double"));
        if (weight != null) {
            cols.add(functions.col(weight).cast("double"));
        }
        return data.select(cols.toArray(new Column[0]));
    }

    boolean weighted() {
        return weight != null;
    }
}
