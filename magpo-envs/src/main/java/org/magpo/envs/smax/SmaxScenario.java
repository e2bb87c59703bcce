package org.magpo.envs.smax;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SMAX map: team sizes and unit types (spec section 1). Units are indexed allies first
 * ({@code 0..nA-1}), then enemies ({@code nA..nA+nE-1}).
 *
 * @param name       map name, e.g. {@code "3s5z"}
 * @param numAllies  nA, the controlled agents (>= 1)
 * @param numEnemies nE, units of the heuristic team (>= 1)
 * @param unitTypes  type id of every unit {@code [nA + nE]}; ignored (may be null) when {@code smacv2}
 * @param smacv2     SMACv2-style reset: SurroundAndReflect positions and uniformly drawn, mirrored types
 */
public record SmaxScenario(String name, int numAllies, int numEnemies, int[] unitTypes, boolean smacv2) {

    /** Number of features of one observed other unit. */
    public static final int UNIT_FEATURES = 7 + UnitType.COUNT;
    /** Number of own features at the end of an observation. */
    public static final int OWN_FEATURES = 4 + UnitType.COUNT;
    /** Movement actions north, east, south, west, stop. */
    public static final int MOVE_ACTIONS = 5;

    private static final Map<String, SmaxScenario> BENCHMARK = new LinkedHashMap<>();

    static {
        put(fixed("2s3z", "sszzz", "sszzz"));
        put(fixed("3s5z", "ssszzzzz", "ssszzzzz"));
        put(fixed("5m_vs_6m", "mmmmm", "mmmmmm"));
        put(fixed("10m_vs_11m", "m".repeat(10), "m".repeat(11)));
        put(fixed("27m_vs_30m", "m".repeat(27), "m".repeat(30)));
        put(fixed("3s5z_vs_3s6z", "ssszzzzz", "ssszzzzzz"));
        put(fixed("3s_vs_5z", "sss", "zzzzz"));
        put(fixed("6h_vs_8z", "hhhhhh", "zzzzzzzz"));
        put(new SmaxScenario("smacv2_5_units", 5, 5, null, true));
        put(new SmaxScenario("smacv2_10_units", 10, 10, null, true));
    }

    /** The ten map names of the MAGPO benchmark, in TASKS.md order. */
    public static final List<String> BENCHMARK_NAMES = List.of("2s3z", "3s5z", "5m_vs_6m", "3s_vs_5z",
            "10m_vs_11m", "27m_vs_30m", "3s5z_vs_3s6z", "6h_vs_8z", "smacv2_5_units", "smacv2_10_units");

    public SmaxScenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("SmaxScenario.name must be a non-empty map name");
        }
        if (numAllies < 1) {
            throw new IllegalArgumentException("SmaxScenario.numAllies must be >= 1, got " + numAllies);
        }
        if (numEnemies < 1) {
            throw new IllegalArgumentException("SmaxScenario.numEnemies must be >= 1, got " + numEnemies);
        }
        if (smacv2) {
            // The mirrored type sampling copies ally k's type to enemy k; extra allies would have no mirror.
            if (numEnemies < numAllies) {
                throw new IllegalArgumentException("SmaxScenario.numEnemies must be >= numAllies=" + numAllies
                        + " for SMACv2 sampling, got " + numEnemies);
            }
            unitTypes = null;
        } else {
            if (unitTypes == null || unitTypes.length != numAllies + numEnemies) {
                throw new IllegalArgumentException("SmaxScenario.unitTypes must have length numAllies+numEnemies="
                        + (numAllies + numEnemies) + ", got " + (unitTypes == null ? "null" : unitTypes.length));
            }
            unitTypes = unitTypes.clone();
            for (int u = 0; u < unitTypes.length; u++) {
                if (unitTypes[u] < 0 || unitTypes[u] >= UnitType.COUNT) {
                    throw new IllegalArgumentException("SmaxScenario.unitTypes[" + u + "] must be in [0, "
                            + UnitType.COUNT + "), got " + unitTypes[u]);
                }
            }
        }
    }

    /**
     * A fixed-type map from shorthand strings, e.g. {@code fixed("2s3z", "sszzz", "sszzz")}
     * (m marine, M marauder, s stalker, z zealot, Z zergling, h hydralisk).
     */
    public static SmaxScenario fixed(String name, String allies, String enemies) {
        String all = allies + enemies;
        int[] types = new int[all.length()];
        for (int u = 0; u < types.length; u++) {
            types[u] = typeOf(all.charAt(u));
        }
        return new SmaxScenario(name, allies.length(), enemies.length(), types, false);
    }

    /** The benchmark map {@code name}; fails listing the known names. */
    public static SmaxScenario named(String name) {
        SmaxScenario s = BENCHMARK.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown SMAX map '" + name + "'; known: " + BENCHMARK_NAMES);
        }
        return s;
    }

    /** Total units nA + nE. */
    public int numUnits() {
        return numAllies + numEnemies;
    }

    /** Ally observation size 13(nA-1) + 13nE + 10. */
    public int obsDim() {
        return UNIT_FEATURES * (numUnits() - 1) + OWN_FEATURES;
    }

    /** World state size 12(nA+nE). */
    public int stateDim() {
        return (OWN_FEATURES + 2) * numUnits();
    }

    /** Ally actions 5 + nE. */
    public int numAllyActions() {
        return MOVE_ACTIONS + numEnemies;
    }

    /** Type id of unit {@code u} of a fixed-type map (a copy is not made). */
    int fixedType(int u) {
        return unitTypes[u];
    }

    @Override
    public int[] unitTypes() {
        return unitTypes == null ? null : unitTypes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmaxScenario s && s.name.equals(name) && s.numAllies == numAllies
                && s.numEnemies == numEnemies && s.smacv2 == smacv2 && Arrays.equals(s.unitTypes, unitTypes);
    }

    @Override
    public int hashCode() {
        return (31 * name.hashCode() + 7 * numAllies + numEnemies) * 31 + Arrays.hashCode(unitTypes);
    }

    @Override
    public String toString() {
        return "SmaxScenario[" + name + ", " + numAllies + " vs " + numEnemies
                + (smacv2 ? ", smacv2" : ", types=" + Arrays.toString(unitTypes)) + "]";
    }

    private static void put(SmaxScenario s) {
        BENCHMARK.put(s.name, s);
    }

    private static int typeOf(char c) {
        for (UnitType t : UnitType.values()) {
            if (t.shorthand == c) {
                return t.ordinal();
            }
        }
        throw new IllegalArgumentException("unit shorthand must be one of m, M, s, z, Z, h, got '" + c + "'");
    }
}
