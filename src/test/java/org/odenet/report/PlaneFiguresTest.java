package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.TestNetworks;

/** The three figures in the plane: decision regions, transformed features, snapshots. */
class PlaneFiguresTest {
    private static final FigureSize SIZE = new FigureSize(240, 200);

    @TempDir
    Path dir;

    private final NetworkSpec spec = ReportFixtures.resnet();
    private final double[] theta = ReportFixtures.separatingTheta(spec);
    private final LabeledSamples samples = ReportFixtures.halfPlanes(60, 1);

    @Test
    void decisionRegionsShowBothClassesOfASeparatingNetwork() throws IOException {
        Path png = dir.resolve("sub/decision.png");
        DecisionRegionFigure.write(png, spec, theta, samples, "decision <regions>", SIZE);
        assertBlueAndRed(ReportFixtures.readPng(png, SIZE));
    }

    @Test
    void aNetworkThatPredictsOneClassEverywhereLeavesNoBlueGround() throws IOException {
        double[] allRed = new double[spec.layout().size()];
        allRed[spec.layout().muOffset()] = 10;
        Path png = dir.resolve("red.png");
        DecisionRegionFigure.write(png, spec, allRed, samples, "all red", SIZE);
        BufferedImage image = ReportFixtures.readPng(png, SIZE);
        assertTrue(ReportFixtures.fraction(image, ReportFixtures::bluish) < 0.05, "only the blue dots are blue");
        assertTrue(ReportFixtures.fraction(image, ReportFixtures::reddish) > 0.2);
    }

    @Test
    void theBackgroundOfTheDecisionRegionsIsTheNetworksPrediction() {
        PlaneBox box = PlaneBox.around(samples.values(), PlaneBox.DEFAULT_MARGIN);
        int r = 20;
        ProbabilityGrid grid = ProbabilityGrid.evaluate(box, r,
                points -> FeatureFlow.classOneProbability(spec, theta, points));
        double[] centres = box.cellCentres(r);
        for (int c = 0; c < r * r; c++) {
            double x1 = centres[2 * c];
            double p = grid.probabilities()[c];
            assertTrue(x1 < 0 ? p < 0.5 : p > 0.5, "cell at x1 = " + x1 + " has P(class 1) = " + p);
        }
    }

    @Test
    void transformedFeaturesShowBothClasses() throws IOException {
        Path png = dir.resolve("transformed.png");
        TransformedFeaturesFigure.write(png, spec, theta, samples, "transformed", SIZE);
        assertBlueAndRed(ReportFixtures.readPng(png, SIZE));
    }

    @Test
    void theClassifierOnTheFinalStatesIsTheWholeNetwork() {
        NetworkSpec random = NetworkSpec.binary(2, 4, ButcherTableau.KUTTA3, Architecture.ODENET);
        double[] controls = TestNetworks.randomTheta(random, 5);
        double[] x = ReportFixtures.halfPlanes(30, 2).values();
        double[] whole = FeatureFlow.classOneProbability(random, controls, x);
        double[] split = FeatureFlow.classifierProbability(random, controls, FeatureFlow.finalState(random, controls, x));
        assertArrayEquals(whole, split, 1e-12);
    }

    @Test
    void snapshotsShowEveryPanelOnTheFinalClassifier() throws IOException {
        FigureSize size = new FigureSize(800, 260);
        Path png = dir.resolve("snapshots.png");
        FeatureSnapshotsFigure.write(png, spec, theta, samples, "snapshots", size);
        BufferedImage image = ReportFixtures.readPng(png, size);
        // each quarter of the image holds one panel, split by the boundary y1 = 0 into blue and red
        for (int p = 0; p < 4; p++) {
            BufferedImage panel = image.getSubimage(p * 200, 0, 200, 260);
            assertBlueAndRed(panel);
        }
    }

    @Test
    void snapshotsAcceptChosenLayersAndRejectOthers() throws IOException {
        FigureSize size = new FigureSize(240, 150);
        Path png = dir.resolve("two.png");
        FeatureSnapshotsFigure.write(png, spec, theta, samples, new int[] {0, 3}, "two", size);
        ReportFixtures.readPng(png, size);
        assertThrows(IllegalArgumentException.class, () -> FeatureSnapshotsFigure.write(png, spec, theta, samples,
                new int[] {0, 4}, "four is past N = 3", size));
    }

    @Test
    void evenlySpacedLayersMatchThePaper() {
        assertArrayEquals(new int[] {0, 5, 10, 15}, FeatureSnapshotsFigure.evenlySpacedLayers(15, 4));
        assertArrayEquals(new int[] {0, 7, 13, 20}, FeatureSnapshotsFigure.evenlySpacedLayers(20, 4));
        assertArrayEquals(new int[] {0, 1, 2}, FeatureSnapshotsFigure.evenlySpacedLayers(2, 4));
    }

    @Test
    void planeFiguresRejectNetworksOutsideThePlane() {
        NetworkSpec wide = NetworkSpec.binary(3, 2, ButcherTableau.EULER, Architecture.RESNET);
        assertThrows(IllegalArgumentException.class, () -> DecisionRegionFigure.write(dir.resolve("x.png"), wide,
                new double[wide.layout().size()], samples, "3-D", SIZE));
    }

    private static void assertBlueAndRed(BufferedImage image) {
        double blue = ReportFixtures.fraction(image, ReportFixtures::bluish);
        double red = ReportFixtures.fraction(image, ReportFixtures::reddish);
        assertTrue(blue > 0.1, "bluish pixels: " + blue);
        assertTrue(red > 0.1, "reddish pixels: " + red);
    }
}
