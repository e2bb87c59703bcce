package org.magpo.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Seeds given on the command line: {@code "3"}, a range {@code "1-5"} (inclusive) or a list
 * {@code "1,4,9"} (items may be ranges). Order is kept, duplicates rejected.
 *
 * @param seeds the seeds, >= 1 of them, all >= 0
 */
public record SeedList(List<Long> seeds) {
    /** More seeds than anyone runs one after another; guards against typos like "1-100000". */
    public static final int MAX_SEEDS = 1000;

    public SeedList {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: need at least one seed");
        }
    }

    /** Parses {@code "1-5"}, {@code "1,3,7"} or {@code "42"}. */
    public static SeedList parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("seeds must look like '1', '1-5' or '1,3,7', got '" + text + "'");
        }
        LinkedHashSet<Long> out = new LinkedHashSet<>();
        for (String item : text.split(",")) {
            String s = item.strip();
            int dash = s.indexOf('-', 1);
            long lo;
            long hi;
            try {
                lo = Long.parseLong(dash < 0 ? s : s.substring(0, dash).strip());
                hi = dash < 0 ? lo : Long.parseLong(s.substring(dash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seeds must look like '1', '1-5' or '1,3,7', got '" + text + "'", e);
            }
            if (lo < 0 || hi < lo) {
                throw new IllegalArgumentException("seed range '" + s + "' must be 0 <= first <= last");
            }
            if (hi - lo >= MAX_SEEDS || out.size() + (hi - lo + 1) > MAX_SEEDS) {
                throw new IllegalArgumentException("seeds '" + text + "' name more than " + MAX_SEEDS + " seeds");
            }
            for (long v = lo; v <= hi; v++) {
                if (!out.add(v)) {
                    throw new IllegalArgumentException("seed " + v + " appears twice in '" + text + "'");
                }
            }
        }
        return new SeedList(new ArrayList<>(out));
    }
}
