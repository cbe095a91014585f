package org.odenet.report;

import java.util.List;
import java.util.Objects;

/**
 * The table of a report: column headers, which columns hold numbers (right-aligned), and rows of cell text.
 * Immutable.
 *
 * @param headers one per column
 * @param numeric per column, whether it holds numbers
 * @param rows    each with one cell per column
 */
public record ReportTable(List<String> headers, List<Boolean> numeric, List<List<String>> rows) {
    public ReportTable {
        headers = List.copyOf(headers);
        numeric = List.copyOf(numeric);
        rows = rows.stream().map(List::copyOf).toList();
        if (numeric.size() != headers.size()) {
            throw new IllegalArgumentException("need a numeric flag per column: " + headers.size() + " headers, "
                    + numeric.size() + " flags");
        }
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " cells, the table " + headers.size()
                        + " columns: " + row);
            }
            row.forEach(cell -> Objects.requireNonNull(cell, "cell"));
        }
    }
}
