package org.odenet.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/** Writing PNG files. */
final class Png {
    private Png() {
    }

    /** Renders a chart at the given size into {@code file}, creating missing parent directories. */
    static void write(JFreeChart chart, Path file, FigureSize size) throws IOException {
        write(chart.createBufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB, null), file);
    }

    /** Writes an image into {@code file}, creating missing parent directories. */
    static void write(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** An RGB image of the given size, to draw on with {@link #graphics(BufferedImage)}. */
    static BufferedImage canvas(FigureSize size) {
        return new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    }

    /** A graphics context on {@code image}, cleared to white, with anti-aliased shapes and text. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g2 = image.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g2;
    }
}
