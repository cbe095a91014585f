package org.odenet.numerics;

import java.util.Arrays;
import java.util.Locale;

/** The lower-case configuration names of enum constants, and their parsing. */
public final class ConfigNames {
    private ConfigNames() {
    }

    /** The configuration name of a constant: its name in lower case, e.g. {@code odenet_simplex}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant called {@code name}, case-insensitively.
     *
     * @param what what the constants are, for the error ("architecture", "engine", ...)
     * @throws IllegalArgumentException naming the value and listing the known names
     */
    public static <E extends Enum<E>> E parse(E[] constants, String name, String what) {
        for (E c : constants) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                + Arrays.stream(constants).map(ConfigNames::of).toList());
    }
}
