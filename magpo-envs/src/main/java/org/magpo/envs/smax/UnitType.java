package org.magpo.envs.smax;

/**
 * The six SMAX unit types with their JaxMARL stats (spec section 2). The ordinal is the type id used in
 * observations (one-hot position) and in the world state ({@code 0} marine .. {@code 5} hydralisk).
 * There are no armour, shields, regeneration or type bonuses.
 */
public enum UnitType {
    MARINE('m', 3.15f, 9f, 5f, 9f, 0.375f, 45f, 0.61f),
    MARAUDER('M', 2.25f, 10f, 6f, 10f, 0.5625f, 125f, 1.07f),
    STALKER('s', 4.13f, 13f, 6f, 10f, 0.625f, 160f, 1.87f),
    ZEALOT('z', 3.15f, 8f, 2f, 9f, 0.5f, 150f, 0.86f),
    ZERGLING('Z', 4.13f, 5f, 2f, 8f, 0.375f, 35f, 0.5f),
    HYDRALISK('h', 3.15f, 12f, 5f, 9f, 0.625f, 80f, 0.59f);

    /** Number of unit types, the length of the type one-hot. */
    public static final int COUNT = 6;

    private static final UnitType[] BY_ID = values();

    /** One-letter shorthand (as in map names: m, s, z, h; M marauder, Z zergling). */
    public final char shorthand;
    /** Movement speed in map units per second. */
    public final float speed;
    /** Damage of one attack. */
    public final float damage;
    /** An attack needs a distance strictly below this. */
    public final float attackRange;
    /** Other units are observed at a distance strictly below this. */
    public final float sightRange;
    /** Collision radius used by the push. */
    public final float radius;
    /** Health at spawn. */
    public final float maxHealth;
    /** Base weapon cooldown in seconds after an attack (before the random jitter). */
    public final float weaponCooldown;

    UnitType(char shorthand, float speed, float damage, float attackRange, float sightRange, float radius,
             float maxHealth, float weaponCooldown) {
        this.shorthand = shorthand;
        this.speed = speed;
        this.damage = damage;
        this.attackRange = attackRange;
        this.sightRange = sightRange;
        this.radius = radius;
        this.maxHealth = maxHealth;
        this.weaponCooldown = weaponCooldown;
    }

    /** The type with id {@code id} in {@code [0, 6)}. */
    public static UnitType of(int id) {
        if (id < 0 || id >= COUNT) {
            throw new IllegalArgumentException("SMAX unit type id must be in [0, " + COUNT + "), got " + id);
        }
        return BY_ID[id];
    }
}
