package org.odenet.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;

/** Text and legend pieces for figures composed by hand rather than by a single chart. */
final class TextDrawing {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font PANEL_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private TextDrawing() {
    }

    /** Draws {@code text} centred in the rectangle (x, y, w, h), in black. */
    static void centred(Graphics2D g2, String text, Font font, double x, double y, double w, double h) {
        g2.setFont(font);
        g2.setColor(Color.BLACK);
        FontMetrics metrics = g2.getFontMetrics();
        float left = (float) (x + (w - metrics.stringWidth(text)) / 2);
        float baseline = (float) (y + (h - metrics.getHeight()) / 2 + metrics.getAscent());
        g2.drawString(text, left, baseline);
    }

    /** Width of {@code text} in pixels. */
    static int width(Graphics2D g2, String text, Font font) {
        return g2.getFontMetrics(font).stringWidth(text);
    }

    /**
     * A one-line legend centred in the band (x, y, w, h): a dot and name per class, then a blue–white–red bar
     * labelled with {@code scaleLabel} from 0 to 1. Where that is too wide, the bar is labelled "P(class 1)"
     * only, and where that is still too wide, it is left out.
     */
    static void planeLegend(Graphics2D g2, String scaleLabel, double x, double y, double w, double h) {
        Font font = LABEL_FONT;
        int dot = 8;
        int gap = 6;
        int barWidth = 120;
        String[] names = {"class 0", "class 1"};
        int classes = 0;
        for (String name : names) {
            classes += dot + gap + width(g2, name, font) + 3 * gap;
        }
        String label = scaleLabel;
        int total = classes + scaleWidth(g2, label, font, gap, barWidth);
        if (total > w) {
            label = PlaneChart.PROBABILITY_LABEL;
            total = classes + scaleWidth(g2, label, font, gap, barWidth);
        }
        boolean scale = total <= w;
        if (!scale) {
            total = classes - 3 * gap;
        }
        double cx = x + (w - total) / 2;
        double cy = y + h / 2;
        g2.setFont(font);
        FontMetrics metrics = g2.getFontMetrics();
        float baseline = (float) (cy - metrics.getHeight() / 2.0 + metrics.getAscent());
        for (int c = 0; c < 2; c++) {
            g2.setColor(Palette.label(c));
            g2.fill(new Ellipse2D.Double(cx, cy - dot / 2.0, dot, dot));
            cx += dot + gap;
            g2.setColor(Color.BLACK);
            g2.drawString(names[c], (float) cx, baseline);
            cx += width(g2, names[c], font) + 3 * gap;
        }
        if (!scale) {
            return;
        }
        String left = label + "  0";
        g2.drawString(left, (float) cx, baseline);
        cx += width(g2, left, font) + gap;
        int barHeight = 10;
        int barTop = (int) Math.round(cy - barHeight / 2.0);
        int half = barWidth / 2;
        g2.setPaint(new GradientPaint((float) cx, 0, Palette.BACKGROUND_0, (float) cx + half, 0, Palette.BACKGROUND_HALF));
        g2.fillRect((int) cx, barTop, half, barHeight);
        g2.setPaint(new GradientPaint((float) cx + half, 0, Palette.BACKGROUND_HALF, (float) cx + barWidth, 0,
                Palette.BACKGROUND_1));
        g2.fillRect((int) cx + half, barTop, barWidth - half, barHeight);
        g2.setColor(Color.GRAY);
        g2.drawRect((int) cx, barTop, barWidth, barHeight);
        cx += barWidth + gap;
        g2.setColor(Color.BLACK);
        g2.drawString("1", (float) cx, baseline);
    }

    private static int scaleWidth(Graphics2D g2, String label, Font font, int gap, int barWidth) {
        return width(g2, label + "  0", font) + gap + barWidth + gap + width(g2, "1", font);
    }
}
