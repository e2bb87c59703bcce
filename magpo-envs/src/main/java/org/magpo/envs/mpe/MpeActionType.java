package org.magpo.envs.mpe;

/**
 * How MPE agents send their actions.
 *
 * <ul>
 *   <li>{@link #CONTINUOUS} (MAGPO's setting): 5 reals per agent {@code (a0..a4)}, force
 *       {@code (5(a2-a1), 5(a4-a3))}, {@code a0} ignored, never clipped.</li>
 *   <li>{@link #DISCRETE}: one of 5 choices per agent: 0 no force, 1 -x, 2 +x, 3 -y, 4 +y, each of
 *       magnitude 5; every action is always legal.</li>
 * </ul>
 */
public enum MpeActionType {
    CONTINUOUS,
    DISCRETE;

    /** Parses the {@code actionType} option value, case-insensitively. */
    public static MpeActionType parse(String value) {
        if (value != null) {
            for (MpeActionType t : values()) {
                if (t.name().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("MPE option actionType must be 'continuous' or 'discrete', got '" + value + "'");
    }
}
