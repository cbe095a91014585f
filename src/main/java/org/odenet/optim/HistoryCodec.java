package org.odenet.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one encoding of a training history, a list of {@link IterationMetrics} rows, in every form it is stored:
 * <ul>
 *   <li>binary rows, in a checkpoint ({@link #write}, {@link #read});
 *   <li>JSON arrays under a list of column names, in a saved model's summary ({@link #toJsonRows},
 *       {@link #fromJsonRows});
 *   <li>the {@code history.csv} and {@code history.json} files a job writes for people and plotting tools
 *       ({@link #csvLines}, {@link #jsonDocument} and their row decoders).
 * </ul>
 * The columns are the components of {@link IterationMetrics} in order. The last two, the validation metrics,
 * are named after the held-out set: {@code validationLoss, validationAccuracy} in {@link #VALIDATION}, or
 * {@code testLoss, testAccuracy} in {@link #TEST} (the jobs, whose validation set is the test set).
 *
 * <p>Text forms write a number as {@link Double#toString(double)} does, so it reads back exactly, except the
 * wall seconds of the job files, which are rounded to milliseconds. A value that is not finite (NaN marks an
 * iteration without a validation pass) is {@code null} in JSON and empty in CSV; both read back as NaN.
 */
public final class HistoryCodec {
    /** Columns named for a validation set: checkpoints and saved models. */
    public static final HistoryCodec VALIDATION = new HistoryCodec("validation");
    /** Columns named for a test set held out as the validation set: the jobs' history files. */
    public static final HistoryCodec TEST = new HistoryCodec("test");

    private static final int COLUMNS = 9;

    private final List<String> columns;

    private HistoryCodec(String heldOutSet) {
        this.columns = List.of("iteration", "loss", "accuracy", "lipschitz", "tries", "stepNorm", "wallSeconds",
                heldOutSet + "Loss", heldOutSet + "Accuracy");
    }

    /** The column names, in the order of every form. */
    public List<String> columns() {
        return columns;
    }

    // ---- binary (checkpoints) ----

    /** Writes {@code m} as 64 big-endian bytes: the two ints and seven doubles in column order. */
    public void write(DataOutput out, IterationMetrics m) throws IOException {
        out.writeInt(m.iteration());
        out.writeDouble(m.loss());
        out.writeDouble(m.accuracy());
        out.writeDouble(m.lipschitz());
        out.writeInt(m.tries());
        out.writeDouble(m.stepNorm());
        out.writeDouble(m.wallSeconds());
        out.writeDouble(m.validationLoss());
        out.writeDouble(m.validationAccuracy());
    }

    /** Reads a row written by {@link #write}. */
    public IterationMetrics read(DataInput in) throws IOException {
        return new IterationMetrics(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    // ---- JSON arrays (saved models) ----

    /** One JSON array per row, values in the order of {@link #columns()}. */
    public ArrayNode toJsonRows(List<IterationMetrics> history) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode(history.size());
        for (IterationMetrics m : history) {
            ArrayNode row = rows.addArray();
            row.add(m.iteration());
            addNumber(row, m.loss());
            addNumber(row, m.accuracy());
            addNumber(row, m.lipschitz());
            row.add(m.tries());
            addNumber(row, m.stepNorm());
            addNumber(row, m.wallSeconds());
            addNumber(row, m.validationLoss());
            addNumber(row, m.validationAccuracy());
        }
        return rows;
    }

    /**
     * Reads the rows written by {@link #toJsonRows}; a missing real value reads as NaN.
     *
     * @throws IllegalArgumentException if {@code rows} is not an array of arrays, or an iteration or a number
     *                                  of tries is not an integer
     */
    public List<IterationMetrics> fromJsonRows(JsonNode rows) {
        if (rows == null || !rows.isArray()) {
            throw new IllegalArgumentException("history must be a JSON array of rows, got " + rows);
        }
        List<IterationMetrics> history = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            if (!r.isArray()) {
                throw new IllegalArgumentException("a history row must be a JSON array, got " + r);
            }
            history.add(new IterationMetrics(integer(r.get(0), 0), number(r.get(1)), number(r.get(2)),
                    number(r.get(3)), integer(r.get(4), 4), number(r.get(5)), number(r.get(6)), number(r.get(7)),
                    number(r.get(8))));
        }
        return history;
    }

    // ---- job files: history.csv and history.json ----

    /** The CSV file: the header, then one line per row. */
    public List<String> csvLines(List<IterationMetrics> history) {
        List<String> lines = new ArrayList<>(history.size() + 1);
        lines.add(String.join(",", columns));
        for (IterationMetrics m : history) {
            lines.add(m.iteration() + "," + csv(m.loss()) + "," + csv(m.accuracy()) + "," + csv(m.lipschitz()) + ","
                    + m.tries() + "," + csv(m.stepNorm()) + "," + csvSeconds(m.wallSeconds()) + ","
                    + csv(m.validationLoss()) + "," + csv(m.validationAccuracy()));
        }
        return lines;
    }

    /**
     * Reads one data line of {@link #csvLines}.
     *
     * @throws IllegalArgumentException if the line does not have one value per column
     */
    public IterationMetrics fromCsvLine(String line) {
        String[] v = line.split(",", -1);
        if (v.length != COLUMNS) {
            throw new IllegalArgumentException("a history line must have " + COLUMNS + " values (" + columns
                    + "), got " + v.length + " in '" + line + "'");
        }
        return new IterationMetrics(Integer.parseInt(v[0]), csvNumber(v[1]), csvNumber(v[2]), csvNumber(v[3]),
                Integer.parseInt(v[4]), csvNumber(v[5]), csvNumber(v[6]), csvNumber(v[7]), csvNumber(v[8]));
    }

    /** The JSON file: an array with one object per row, one row per line. */
    public String jsonDocument(List<IterationMetrics> history) {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < history.size(); i++) {
            IterationMetrics m = history.get(i);
            String[] values = {Integer.toString(m.iteration()), json(m.loss()), json(m.accuracy()),
                json(m.lipschitz()), Integer.toString(m.tries()), json(m.stepNorm()), jsonSeconds(m.wallSeconds()),
                json(m.validationLoss()), json(m.validationAccuracy())};
            json.append("  {");
            for (int c = 0; c < COLUMNS; c++) {
                json.append(c == 0 ? "" : ", ").append('"').append(columns.get(c)).append("\": ").append(values[c]);
            }
            json.append('}').append(i + 1 < history.size() ? "," : "").append(System.lineSeparator());
        }
        return json.append("]\n").toString();
    }

    /**
     * Reads one object of {@link #jsonDocument}, by column name; a missing real value reads as NaN.
     *
     * @throws IllegalArgumentException if {@code row} is not an object, or its iteration or number of tries is
     *                                  not an integer
     */
    public IterationMetrics fromJsonObject(JsonNode row) {
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException("a history row must be a JSON object, got " + row);
        }
        JsonNode[] v = new JsonNode[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            v[c] = row.get(columns.get(c));
        }
        return new IterationMetrics(integer(v[0], 0), number(v[1]), number(v[2]), number(v[3]), integer(v[4], 4),
                number(v[5]), number(v[6]), number(v[7]), number(v[8]));
    }

    private static void addNumber(ArrayNode row, double v) {
        if (Double.isFinite(v)) {
            row.add(v);
        } else {
            row.addNull();
        }
    }

    private int integer(JsonNode n, int column) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("history column " + columns.get(column) + " must be an integer, got "
                    + n);
        }
        return n.intValue();
    }

    /** A JSON number; null or absent is NaN (a string such as "NaN" parses, as older files may hold one). */
    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static String csv(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String csvSeconds(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
    }

    private static double csvNumber(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String jsonSeconds(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }
}
