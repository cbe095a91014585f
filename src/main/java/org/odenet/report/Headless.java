package org.odenet.report;

/**
 * Puts AWT into headless mode, so that figures render on servers and cluster nodes without a display.
 * AWT reads the property once, the first time anything asks whether it is headless; so each figure class
 * calls {@link #ensure()} from its static initializer, before it touches any AWT class. An application that
 * has already used AWT keeps the mode it started in.
 */
final class Headless {
    private Headless() {
    }

    /** Sets {@code java.awt.headless=true} unless the property is set already. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
