package org.odenet.report;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-contained HTML page: a title, a paragraph or more of context, a table of final metrics and the
 * figures with captions. Plain HTML with an embedded style sheet: no JavaScript, nothing fetched from
 * elsewhere; the PNG files are linked by relative paths, so the directory can be moved or archived whole.
 * All text is escaped.
 */
public final class HtmlReport {
    /** The name of the page written into the report's directory. */
    public static final String FILE_NAME = "index.html";

    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
            h1 { font-size: 1.6em; }
            p { line-height: 1.45; }
            table { border-collapse: collapse; margin: 1.5em 0; font-size: 0.95em; }
            th, td { border: 1px solid #ccc; padding: 0.35em 0.7em; }
            th { background: #f0f0f0; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 2em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { margin-top: 0.4em; font-size: 0.95em; color: #444; }
            """;

    private HtmlReport() {
    }

    /**
     * Writes {@value #FILE_NAME} into {@code directory} (created if missing; an existing page is replaced).
     * Figures given by absolute paths are linked relative to the directory.
     *
     * @param context text under the title; blank lines separate paragraphs
     * @return the page written
     * @throws IOException if the directory or the file cannot be written
     */
    public static Path write(Path directory, String title, String context, List<ResultRow> rows,
                             List<ReportFigure> figures) throws IOException {
        return write(directory, title, context, ReportTables.metrics(rows), figures);
    }

    /**
     * As {@link #write(Path, String, String, List, List)} with any table, e.g. the spread over draws
     * ({@link ReportTables#spreads}).
     */
    public static Path write(Path directory, String title, String context, ReportTable table,
                             List<ReportFigure> figures) throws IOException {
        Files.createDirectories(directory);
        Path base = directory.toAbsolutePath().normalize();
        List<ReportFigure> relative = figures.stream()
                .map(f -> f.image().isAbsolute() ? new ReportFigure(base.relativize(f.image().normalize()), f.caption()) : f)
                .toList();
        Path page = directory.resolve(FILE_NAME);
        Files.writeString(page, render(title, context, table, relative), StandardCharsets.UTF_8);
        return page;
    }

    /**
     * The page as text.
     *
     * @param figures images relative to the page's directory
     */
    public static String render(String title, String context, List<ResultRow> rows, List<ReportFigure> figures) {
        return render(title, context, ReportTables.metrics(rows), figures);
    }

    /**
     * The page as text, with any table.
     *
     * @param figures images relative to the page's directory
     */
    public static String render(String title, String context, ReportTable table, List<ReportFigure> figures) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        for (String paragraph : context.strip().split("\\R\\s*\\R")) {
            if (!paragraph.isBlank()) {
                html.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
            }
        }
        if (!table.rows().isEmpty()) {
            html.append("<table>\n<thead><tr>");
            for (String header : table.headers()) {
                html.append("<th>").append(escape(header)).append("</th>");
            }
            html.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : table.rows()) {
                html.append("<tr>");
                for (int c = 0; c < row.size(); c++) {
                    html.append(table.numeric().get(c) ? "<td class=\"num\">" : "<td>").append(escape(row.get(c)))
                            .append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        for (ReportFigure figure : figures) {
            html.append("<figure>\n<img src=\"").append(escape(link(figure.image()))).append("\" alt=\"")
                    .append(escape(figure.caption())).append("\">\n<figcaption>").append(escape(figure.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** {@code text} with the five characters that are special in HTML text and attributes replaced by entities. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A relative path as a URL path: segments joined by '/', each percent-encoded. */
    static String link(Path relative) {
        StringBuilder out = new StringBuilder();
        for (Path segment : relative) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
