/**
 * The applications {@code submit.sh} starts: {@link org.odenet.jobs.Main} parses the command line (picocli),
 * reads the job's definition from {@code jobs/<job>.properties} with overrides, and runs the paper's
 * experiments, data generation or the benchmark. The only package that may depend on every other one.
 */
package org.odenet.jobs;
