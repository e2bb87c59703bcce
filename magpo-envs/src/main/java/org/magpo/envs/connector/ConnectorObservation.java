package org.magpo.envs.connector;

/**
 * Which Mava observation wrapper a {@link ConnectorEnv} reproduces.
 *
 * <ul>
 *   <li>{@link #VECTOR} ({@code VectorConnectorWrapper}, the default for MLP networks): 54 floats per
 *       agent (own head and target divided by G², 5x5 blockers and 5x5 targets around the head);
 *       Mava prepends the one-hot agent id. Global state {@code [N * 54]}.</li>
 *   <li>{@link #GRID} ({@code ConnectorWrapper}): a {@code [G, G, 5]} tensor per agent, row-major
 *       with the channel innermost; Mava adds no agent id (the channels are already relative to the
 *       agent). Global state {@code [G, G, 3]}.</li>
 * </ul>
 */
public enum ConnectorObservation {
    VECTOR,
    GRID;

    /** Parses the {@code observation} option value, case-insensitively. */
    public static ConnectorObservation parse(String value) {
        if (value != null) {
            for (ConnectorObservation o : values()) {
                if (o.name().equalsIgnoreCase(value.trim())) {
                    return o;
                }
            }
        }
        throw new IllegalArgumentException("Connector option observation must be 'vector' or 'grid', got '" + value + "'");
    }
}
