package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.ParameterLayout;

/** A small network with a known decision and helpers to inspect PNG files. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    /** A 2-D binary ResNet with 3 layers. */
    static NetworkSpec resnet() {
        return NetworkSpec.binary(2, 3, ButcherTableau.EULER, Architecture.RESNET);
    }

    /**
     * Controls under which the network separates the half-planes x₁ &lt; 0 (class 0) and x₁ &gt; 0 (class 1):
     * K<sub>j</sub> = I, β<sub>j</sub> = 0, so each layer maps y ↦ y + h tanh(y), which keeps the sign of every
     * coordinate, and W = (10, 0), μ = 0, so ŷ &gt; ½ iff y₁ &gt; 0.
     */
    static double[] separatingTheta(NetworkSpec spec) {
        ParameterLayout layout = spec.layout();
        double[] theta = new double[layout.size()];
        for (int j = 0; j < spec.layers(); j++) {
            theta[layout.kOffset(j)] = 1;
            theta[layout.kOffset(j) + 3] = 1;
        }
        theta[layout.wOffset()] = 10;
        return theta;
    }

    /** m points with x₁ ∈ ±[0.2, 1], x₂ ∈ [−1, 1], labelled 1 iff x₁ &gt; 0. */
    static LabeledSamples halfPlanes(int m, long seed) {
        Random random = new Random(seed);
        double[] values = new double[2 * m];
        int[] labels = new int[m];
        for (int c = 0; c < m; c++) {
            labels[c] = c % 2;
            double magnitude = 0.2 + 0.8 * random.nextDouble();
            values[2 * c] = labels[c] == 1 ? magnitude : -magnitude;
            values[2 * c + 1] = 2 * random.nextDouble() - 1;
        }
        return new LabeledSamples(2, values, labels);
    }

    /** Reads a file that must be a PNG of the given size. */
    static BufferedImage readPng(Path file, FigureSize size) throws IOException {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(signature, in.readNBytes(8), file + " starts with the PNG signature");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes as an image");
        assertEquals(size.width(), image.getWidth(), "width");
        assertEquals(size.height(), image.getHeight(), "height");
        return image;
    }

    /** Fraction of the pixels whose RGB value satisfies {@code test}. */
    static double fraction(BufferedImage image, IntPredicate test) {
        long hits = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (test.test(image.getRGB(x, y) & 0xffffff)) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) image.getWidth() * image.getHeight());
    }

    /** Number of distinct RGB values. */
    static long distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    static boolean bluish(int rgb) {
        return blue(rgb) > red(rgb) + 40;
    }

    static boolean reddish(int rgb) {
        return red(rgb) > blue(rgb) + 40;
    }

    /** Whether the pixel is within {@code tolerance} of {@code colour} in every channel. */
    static boolean near(int rgb, Color colour, int tolerance) {
        return Math.abs(red(rgb) - colour.getRed()) <= tolerance && Math.abs(green(rgb) - colour.getGreen()) <= tolerance
                && Math.abs(blue(rgb) - colour.getBlue()) <= tolerance;
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    static int blue(int rgb) {
        return rgb & 0xff;
    }
}
