package org.magpo.report;

import java.nio.file.Path;

/** A run-directory file that cannot be read: names the file and, where it applies, the 1-based line. */
public final class RunFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file   the offending file
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param reason what is wrong and what was expected
     */
    public RunFormatException(Path file, long line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    public RunFormatException(Path file, long line, String reason) {
        this(file, line, reason, null);
    }

    /** The file that failed to read. */
    public Path file() {
        return file;
    }

    /** 1-based line of the problem, 0 when unknown. */
    public long line() {
        return line;
    }
}
