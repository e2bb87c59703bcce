package org.magpo.env;

import java.util.Arrays;

/**
 * What one environment returns from {@code reset} or {@code step}: a preallocated, mutable buffer
 * that the environment overwrites in place, so that stepping allocates nothing.
 *
 * <p>Layouts (agent-major, flat):
 * <ul>
 *   <li>{@code obs}: {@code [N, obsDim]}</li>
 *   <li>{@code actionMask}: {@code [N, A]} for discrete spaces (true = legal); {@code null} for continuous</li>
 *   <li>{@code reward}, {@code discount}: {@code [N]}</li>
 *   <li>{@code state}: {@code [stateDim]}, or {@code null} when the spec has no global state</li>
 * </ul>
 * {@code discount} is 0 for every agent on a terminated LAST step and 1 otherwise; on a truncated
 * LAST step it is 1 (time-limit end), although the reference algorithms treat both alike.
 * {@code stepCount} is the number of steps taken in the episode so far (0 after reset).
 */
public final class TimeStep {
    public final float[] obs;
    public final boolean[] actionMask;
    public final float[] reward;
    public final float[] discount;
    public final float[] state;
    public StepType stepType = StepType.FIRST;
    public int stepCount;
    /** True on a LAST step ended by the task itself (goal, failure, collision). */
    public boolean terminated;
    /** True on a LAST step ended only by the time limit. */
    public boolean truncated;

    /** Allocates a buffer shaped for {@code spec}. */
    public TimeStep(EnvSpec spec) {
        int n = spec.numAgents();
        this.obs = new float[n * spec.obsDim()];
        this.actionMask = spec.isDiscrete() ? new boolean[n * spec.numActions()] : null;
        this.reward = new float[n];
        this.discount = new float[n];
        this.state = spec.stateDim() > 0 ? new float[spec.stateDim()] : null;
    }

    /** True when this step ended the episode. */
    public boolean isLast() {
        return stepType == StepType.LAST;
    }

    /** True right after a reset. */
    public boolean isFirst() {
        return stepType == StepType.FIRST;
    }

    /** Writes a FIRST step header: zero rewards, unit discounts, step count 0, all actions legal. */
    public void beginFirst() {
        stepType = StepType.FIRST;
        stepCount = 0;
        terminated = false;
        truncated = false;
        Arrays.fill(reward, 0f);
        Arrays.fill(discount, 1f);
        if (actionMask != null) {
            Arrays.fill(actionMask, true);
        }
    }

    /**
     * Sets the step type from the two end conditions: terminated wins over truncated; discount is 0
     * for every agent on termination and 1 otherwise.
     */
    public void finish(int newStepCount, boolean isTerminated, boolean isTruncated) {
        stepCount = newStepCount;
        terminated = isTerminated;
        truncated = isTruncated && !isTerminated;
        stepType = (isTerminated || isTruncated) ? StepType.LAST : StepType.MID;
        Arrays.fill(discount, isTerminated ? 0f : 1f);
    }

    /** Copies every field of {@code src} (same shapes) into this buffer. */
    public void copyFrom(TimeStep src) {
        System.arraycopy(src.obs, 0, obs, 0, obs.length);
        if (actionMask != null) {
            System.arraycopy(src.actionMask, 0, actionMask, 0, actionMask.length);
        }
        System.arraycopy(src.reward, 0, reward, 0, reward.length);
        System.arraycopy(src.discount, 0, discount, 0, discount.length);
        if (state != null) {
            System.arraycopy(src.state, 0, state, 0, state.length);
        }
        stepType = src.stepType;
        stepCount = src.stepCount;
        terminated = src.terminated;
        truncated = src.truncated;
    }
}
