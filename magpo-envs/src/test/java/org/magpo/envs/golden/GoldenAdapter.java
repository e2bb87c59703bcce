package org.magpo.envs.golden;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the golden cases of one environment family. The golden-case test loads every
 * {@code <family>_cases.json}, finds the adapter whose {@link #family()} matches the file-name prefix
 * (adapters are listed in {@code META-INF/services/org.magpo.envs.golden.GoldenAdapter} of the test
 * resources) and calls {@link #run} once per case; a file without an adapter is reported as skipped.
 */
public interface GoldenAdapter {

    /** File-name prefix this adapter handles, e.g. {@code "coordsum"} for {@code coordsum_cases.json}. */
    String family();

    /**
     * Builds the case's initial state, applies its actions and asserts every expected field, failing
     * with a message naming the case, the step and the field.
     *
     * @param file     the whole JSON file (for its {@code format} and tolerance fields)
     * @param goldenCase one element of the file's {@code cases} array
     */
    void run(JsonNode file, JsonNode goldenCase);
}
