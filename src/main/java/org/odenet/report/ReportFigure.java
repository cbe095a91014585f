package org.odenet.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A figure of the report: a PNG file — absolute, or relative to the report's directory — and its caption.
 */
public record ReportFigure(Path image, String caption) {
    public ReportFigure {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(caption, "caption");
    }
}
