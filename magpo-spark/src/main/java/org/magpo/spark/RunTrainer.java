package org.magpo.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Trains one run of a sweep into its directory; one implementation per algorithm. Serializable because
 * Spark ships it to executors with the tasks.
 */
@FunctionalInterface
public interface RunTrainer extends Serializable {

    /**
     * Trains {@code run} to completion in {@code runDir}.
     *
     * @param resume true when {@code runDir} holds a checkpoint to continue from, false for an empty directory
     * @throws Exception any failure; the sweep lets Spark retry the task, which then resumes
     */
    void train(RunSpec run, Path runDir, boolean resume) throws Exception;
}
