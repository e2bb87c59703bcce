package org.magpo.env;

import java.util.Arrays;

/**
 * The per-agent action space of a multi-agent environment. Every agent has the same space
 * (as in all benchmark tasks of the MAGPO evaluation).
 *
 * <ul>
 *   <li>{@link Discrete}: one integer action in {@code [0, n)} per agent; actions are passed as
 *       {@code int[N]}, legality comes from the action mask {@code [N, n]}.</li>
 *   <li>{@link Box}: a real vector of {@code dims} components per agent within {@code [low, high]};
 *       actions are passed as {@code float[N * dims]}, agent-major.</li>
 * </ul>
 */
public sealed interface ActionSpace permits ActionSpace.Discrete, ActionSpace.Box {

    /** Number of action components per agent: 1 for discrete, {@code dims} for a box. */
    int actionDim();

    /** Number of logits a policy head needs: {@code n} for discrete, {@code dims} (means) for a box. */
    int headSize();

    /** Discrete space of {@code n} choices per agent. */
    record Discrete(int n) implements ActionSpace {
        public Discrete {
            if (n < 1) {
                throw new IllegalArgumentException("ActionSpace.Discrete.n must be >= 1, got " + n);
            }
        }

        @Override
        public int actionDim() {
            return 1;
        }

        @Override
        public int headSize() {
            return n;
        }
    }

    /** Continuous box of {@code dims} components with per-component bounds {@code low[d] <= high[d]}. */
    record Box(int dims, float[] low, float[] high) implements ActionSpace {
        public Box {
            if (dims < 1) {
                throw new IllegalArgumentException("ActionSpace.Box.dims must be >= 1, got " + dims);
            }
            if (low == null || high == null || low.length != dims || high.length != dims) {
                throw new IllegalArgumentException("ActionSpace.Box bounds must both have length dims=" + dims);
            }
            low = low.clone();
            high = high.clone();
            for (int d = 0; d < dims; d++) {
                if (!(low[d] <= high[d])) {
                    throw new IllegalArgumentException("ActionSpace.Box.low[" + d + "]=" + low[d]
                            + " must be <= high[" + d + "]=" + high[d]);
                }
            }
        }

        /** A box with the same bounds on every component. */
        public static Box uniform(int dims, float low, float high) {
            float[] lo = new float[dims];
            float[] hi = new float[dims];
            Arrays.fill(lo, low);
            Arrays.fill(hi, high);
            return new Box(dims, lo, hi);
        }

        @Override
        public float[] low() {
            return low.clone();
        }

        @Override
        public float[] high() {
            return high.clone();
        }

        /** Lower bound of component {@code d} without copying the array. */
        public float low(int d) {
            return low[d];
        }

        /** Upper bound of component {@code d} without copying the array. */
        public float high(int d) {
            return high[d];
        }

        @Override
        public int actionDim() {
            return dims;
        }

        @Override
        public int headSize() {
            return dims;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box b && b.dims == dims && Arrays.equals(b.low, low) && Arrays.equals(b.high, high);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * dims + Arrays.hashCode(low)) + Arrays.hashCode(high);
        }

        @Override
        public String toString() {
            return "Box[dims=" + dims + ", low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + "]";
        }
    }
}
