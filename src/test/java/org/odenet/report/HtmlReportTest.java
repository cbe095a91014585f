package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void textIsEscapedAndEveryFigureIsLinkedRelativeToThePage() throws IOException {
        List<ResultRow> rows = List.of(
                new ResultRow("<script>alert('x')</script>", "ResNet", "euler", 1.5e-3, 0.995, 2e-3, 0.99, 5000, 20, 12.3),
                new ResultRow("spiral", "Net & co", "—", 0.05, 0.85, Double.NaN, Double.NaN, 100, 20, Double.NaN));
        List<ReportFigure> figures = List.of(
                new ReportFigure(dir.resolve("decision.png"), "Decision <regions>"),
                new ReportFigure(dir.resolve("figures/time steps.png"), "Steps \"learned\""),
                new ReportFigure(Path.of("curves.png"), "Curves"));
        Path page = HtmlReport.write(dir, "Report <b>", "First paragraph.\n\nSecond <i>paragraph</i>.", rows, figures);

        assertEquals(dir.resolve("index.html"), page);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertFalse(html.contains("<script"), "no script element");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the data-set name is escaped");
        assertTrue(html.contains("Net &amp; co"));
        assertTrue(html.contains("<h1>Report &lt;b&gt;</h1>"));
        assertTrue(html.contains("<p>Second &lt;i&gt;paragraph&lt;/i&gt;.</p>"));
        assertTrue(html.contains("Decision &lt;regions&gt;"));
        assertTrue(html.contains("Steps &quot;learned&quot;"));
        assertTrue(html.contains(">99.5 %<") && html.contains(">1.500e-03<") && html.contains(">12.3 s<"));
        assertTrue(html.contains(">—<"), "unmeasured values show a dash");

        Matcher images = Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
        List<String> sources = images.results().map(r -> r.group(1)).toList();
        assertEquals(List.of("decision.png", "figures/time%20steps.png", "curves.png"), sources);
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<link") || html.contains("javascript"),
                "nothing external, no JavaScript");
    }

    @Test
    void theSpreadTableGivesMedianRangeAndTheDrawsNearTheBestWhereBimodal() {
        double[] plateau = {0.59, 0.97, 0.62, 0.66, 0.92, 0.69, 0.64, 0.955, 0.61, 0.65};
        double[] tight = {0.97, 0.94, 0.96, 0.95};
        List<SpreadRow> rows = List.of(
                new SpreadRow("donut1d", "ResNet", "euler", Spread.of(plateau), Spread.of(plateau),
                        DrawOutcomes.of(plateau), Spread.of(plateau)),
                new SpreadRow("donut1d", "ODENet", "euler", Spread.of(tight), Spread.of(0.1, 0.2, 0.3, 0.4),
                        DrawOutcomes.of(tight), Spread.of(1, 2, 3, 4)));
        String html = HtmlReport.render("t", "c", ReportTables.spreads(rows), List.of());
        // median of the ten: (0.65 + 0.66) / 2; IQR 0.8625 - 0.625 (positions 6.75 and 2.25 of the sorted ten)
        assertTrue(html.contains(">65.5 % [59.0–97.0]<"), html);
        assertTrue(html.contains(">23.8<"), "interquartile range in points");
        assertTrue(html.contains(">2 of 10<"), "bimodal: the draws within 2 points of the best");
        assertTrue(html.contains(">95.5 % [94.0–97.0]<") && html.contains(">1.5<"), html);
        assertTrue(html.contains(">—<"), "one mode: no share shown");
        assertTrue(html.contains(">2.500e-01 [1.000e-01–4.000e-01]<"), "the final loss");
        assertTrue(html.contains(">2.5 s<"), "median wall time");
    }

    @Test
    void escapeReplacesTheFiveSpecialCharacters() {
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&#39;f", HtmlReport.escape("a&b<c>d\"e'f"));
    }
}
