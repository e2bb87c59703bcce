package org.magpo.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The checked-in run directories under src/test/resources/runs (see make_fixture.py there). */
final class Fixture {
    private Fixture() {
    }

    /** Root of the fixture: {@code runs/<env>/<task>/<algo>/seed_<s>/}, 2 tasks x 2 algorithms x 3 seeds. */
    static Path runs() {
        try {
            return Path.of(Fixture.class.getResource("/runs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of a fixture folder under {@code into} that a test may change. */
    static Path copy(Path from, Path into) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = into.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }
}
