package org.odenet.numerics;

/**
 * A NaN or infinity appeared while evaluating the network (it never comes from validated inputs: the
 * controls or the steps have grown too large). The message names the layer and stage.
 */
public final class NonFiniteStateException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int layer;
    private final int stage;

    /**
     * @param layer 0-based layer, or −1 for the head
     * @param stage 1-based stage, or 0 for the layer's update / the head
     */
    public NonFiniteStateException(int layer, int stage, String message) {
        super(message);
        this.layer = layer;
        this.stage = stage;
    }

    /** The 0-based layer, −1 when the head's logits or loss are non-finite. */
    public int layer() {
        return layer;
    }

    /** The 1-based stage, 0 when the layer's update (or the head) is where it first shows. */
    public int stage() {
        return stage;
    }
}
