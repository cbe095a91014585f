package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpreadFigureTest {
    @Test
    void drawsABoxAndTheDotsPerDataSetAndNetwork(@TempDir Path tmp) throws IOException {
        Map<String, Map<String, double[]>> draws = new LinkedHashMap<>();
        draws.put("donut1d", new LinkedHashMap<>(Map.of("ResNet", new double[] {0.6, 0.62, 0.95})));
        draws.get("donut1d").put("ODENet", new double[] {0.94, 0.95, 0.93});
        draws.put("spiral", new LinkedHashMap<>(Map.of("ResNet", new double[] {0.99, 0.98, 0.995})));
        draws.get("spiral").put("ODENet", new double[] {0.99, 0.97, 0.98});
        Path png = tmp.resolve("spread.png");
        SpreadFigure.write(png, "Test accuracy", "test accuracy (%)", 100, draws,
                NetworkColours.of(List.of("ResNet", "ODENet")), new FigureSize(600, 400));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(600, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(colours(image) > 10, "more than a blank canvas");
    }

    @Test
    void everyDataSetMustListTheSameNetworks(@TempDir Path tmp) {
        Map<String, Map<String, double[]>> draws = new LinkedHashMap<>();
        draws.put("a", Map.of("ResNet", new double[] {0.6}));
        draws.put("b", Map.of("ODENet", new double[] {0.6}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpreadFigure.write(
                tmp.resolve("x.png"), "t", "y", 1, draws, NetworkColours.of(List.of("ResNet", "ODENet")),
                FigureSize.STEPS));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpreadFigure.write(tmp.resolve("y.png"), "t", "y", 1,
                Map.of(), NetworkColours.of(List.of("ResNet")), FigureSize.STEPS));
    }

    private static long colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
