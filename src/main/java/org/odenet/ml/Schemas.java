package org.odenet.ml;

import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** What the estimator and the model read from a schema's columns and their ML metadata. */
final class Schemas {
    private Schemas() {
    }

    /** The number of features from vector metadata, −1 if unknown (used in error messages). */
    static int metadataSize(StructType schema, String col) {
        if (!has(schema, col)) {
            return -1;
        }
        return AttributeGroup.fromStructField(schema.apply(col)).size();
    }

    /** K from the label column's nominal metadata (as Spark's classifiers read it), or −1. */
    static int numClassesFromMetadata(StructType schema, String labelCol) {
        if (!has(schema, labelCol)) {
            return -1;
        }
        Attribute attribute = Attribute.fromStructField(schema.apply(labelCol));
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            return (Integer) nominal.getNumValues().get();
        }
        return -1;
    }

    /** @throws IllegalArgumentException if column {@code name}, named by {@code param}, is missing or not boolean */
    static void requireBooleanColumn(StructType schema, String name, String param) {
        if (!has(schema, name)) {
            throw new IllegalArgumentException(param + ": column '" + name + "' does not exist (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField field = schema.apply(name);
        if (!(field.dataType() instanceof BooleanType)) {
            throw new IllegalArgumentException(param + ": column '" + name + "' must be boolean, but is "
                    + field.dataType().simpleString());
        }
    }

    private static boolean has(StructType schema, String col) {
        return Arrays.asList(schema.fieldNames()).contains(col);
    }
}
