package org.odenet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odenet.numerics.Block;

/**
 * Labelled samples held in memory: sample c has features {@code values[c·n .. c·n+n)} — the column-major
 * n×m layout of {@link Block} — and label {@code labels[c]}.
 */
public record LabeledSamples(int features, double[] values, int[] labels) {

    public LabeledSamples {
        if (features < 1 || values.length != (long) features * labels.length) {
            throw new IllegalArgumentException("need features >= 1 and " + features + " values per label, got "
                    + values.length + " values for " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Feature a of sample c. */
    public double feature(int c, int a) {
        return values[c * features + a];
    }

    /** The samples cut into consecutive unweighted blocks of at most {@code blockSize}. */
    public List<Block> toBlocks(int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be at least 1, got " + blockSize);
        }
        List<Block> blocks = new ArrayList<>();
        for (int start = 0; start < size(); start += blockSize) {
            int end = Math.min(size(), start + blockSize);
            blocks.add(new Block(features, Arrays.copyOfRange(values, start * features, end * features),
                    Arrays.copyOfRange(labels, start, end), null));
        }
        return blocks;
    }

    /** The number of distinct labels, assuming they are 0..K−1. */
    public int numClasses() {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }
}
