/**
 * The paper's toy data sets (donut1d, donut2d, spiral, squares), generated from a seed as labelled samples.
 * Spark-free.
 */
package org.odenet.data;
