package org.odenet.report;

import java.awt.Color;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One colour per compared network (an architecture, or a tableau when tableaux are compared), fixed for a
 * whole report: every figure gives a network the same colour, whichever subset of the networks it draws
 * (the time-step bars leave out Net, the loss curves do not). Immutable.
 */
public final class NetworkColours {
    private final Map<String, Color> colours;

    private NetworkColours(Map<String, Color> colours) {
        this.colours = colours;
    }

    /**
     * The networks in their report order, the i-th getting {@link Palette#series(int) series colour} i.
     *
     * @throws IllegalArgumentException if a name is null or appears twice
     */
    public static NetworkColours of(Collection<String> networks) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (String network : networks) {
            if (network == null) {
                throw new IllegalArgumentException("networks must not contain null, got " + networks);
            }
            if (colours.putIfAbsent(network, Palette.series(colours.size())) != null) {
                throw new IllegalArgumentException("network '" + network + "' appears twice in " + networks);
            }
        }
        return new NetworkColours(colours);
    }

    /**
     * The colour of {@code network}.
     *
     * @throws IllegalArgumentException if it is not one of the networks
     */
    Color of(String network) {
        Color colour = colours.get(network);
        if (colour == null) {
            throw new IllegalArgumentException("network '" + network + "' has no colour; networks: "
                    + colours.keySet());
        }
        return colour;
    }
}
