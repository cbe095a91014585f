package org.odenet.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * One network of an experiment: its directory name, its label in figures and tables, and what sets it apart
 * from the others (architecture, tableau, augmentation channels: zero channels added to the state, on top of the
 * job's {@code stateWidth}).
 */
record Variant(String id, String label, String architecture, String tableau, int augmentation) {

    /**
     * The variants a job compares: by architecture, by tableau, or every architecture with and without
     * augmentation channels.
     */
    static List<Variant> of(JobSettings s) {
        String compare = s.get("compare");
        List<Variant> out = new ArrayList<>();
        switch (compare) {
            case "architecture" -> {
                for (String a : s.getList("architectures")) {
                    out.add(new Variant(a, label(a), a, s.get("tableau"), 0));
                }
            }
            case "tableau" -> {
                for (String t : s.getList("tableaux")) {
                    out.add(new Variant(t, label(t), s.get("architecture"), t, 0));
                }
            }
            case "augmentation" -> {
                for (String a : s.getList("architectures")) {
                    for (int c : s.getInts("augmentations")) {
                        out.add(new Variant(c == 0 ? a : a + "-aug" + c, c == 0 ? label(a) : label(a) + " +" + c + " ch",
                                a, s.get("tableau"), c));
                    }
                }
            }
            default -> throw new IllegalArgumentException("key 'compare' must be architecture, tableau or augmentation, "
                    + "got '" + compare + "'");
        }
        return out;
    }

    /** A human name for an architecture or tableau: Net, ResNet, ODENet, ODENet+simplex, Euler, ... */
    static String label(String name) {
        return switch (name) {
            case "net" -> "Net";
            case "resnet" -> "ResNet";
            case "odenet" -> "ODENet";
            case "odenet_simplex" -> "ODENet+simplex";
            case "euler" -> "Euler";
            case "improved_euler" -> "Improved Euler";
            case "kutta3" -> "Kutta3";
            case "kutta4" -> "Kutta4";
            default -> name;
        };
    }
}
