package org.magpo.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and loads {@link Checkpoint}s so that a crash can never leave a half-written file in place.
 *
 * <p><b>Atomicity.</b> A checkpoint is written to a temporary file in the target's directory, forced
 * to disk and renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}; a failure at any
 * point deletes the temporary file and leaves the previous checkpoint untouched.
 *
 * <p><b>Format</b> (big-endian): magic {@code "MAGPO4JC"} (8 bytes), version int, payload length long,
 * payload, CRC32 of magic+version+length+payload as a long. Payload: config JSON (int byte count +
 * UTF-8), then three sections of named entries, each an int count followed by entries (name as int
 * byte count + UTF-8, then the value): counters (long), RNG states (int length + longs), float arrays
 * (int length + floats). A truncated, foreign or corrupted file is rejected with a message saying
 * which of these it is.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    static final byte[] MAGIC = "MAGPO4JC".getBytes(StandardCharsets.US_ASCII);
    /** Current format version; loading refuses other versions. */
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;

    private Checkpointer() {
    }

    /** Atomically replaces {@code target} with {@code checkpoint}. */
    public static void save(Path target, Checkpoint checkpoint) throws IOException {
        byte[] payload = payload(checkpoint);
        writeAtomically(target, out -> {
            CRC32 crc = new CRC32();
            DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
            data.write(MAGIC);
            data.writeInt(VERSION);
            data.writeLong(payload.length);
            data.write(payload);
            data.flush();
            new DataOutputStream(out).writeLong(crc.getValue());
        });
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalStateException    when it is not a MAGPO4J checkpoint, has another version, is
     *                                  truncated or fails its checksum
     */
    public static Checkpoint load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalStateException(file + " is not a MAGPO4J checkpoint (expected magic 'MAGPO4JC' at the start)");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalStateException(file + " is truncated: " + bytes.length + " bytes, shorter than the header");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipNBytes(MAGIC.length);
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalStateException(file + " has checkpoint format version " + version + ", this build reads "
                    + VERSION);
        }
        long length = in.readLong();
        long expectedSize = HEADER_BYTES + length + Long.BYTES;
        if (length < 0 || bytes.length < expectedSize) {
            throw new IllegalStateException(file + " is truncated: " + bytes.length + " bytes, the header announces "
                    + expectedSize);
        }
        if (bytes.length > expectedSize) {
            throw new IllegalStateException(file + " is corrupt: " + (bytes.length - expectedSize)
                    + " unexpected trailing bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (HEADER_BYTES + length));
        in.skipNBytes(length);
        long stored = in.readLong();
        if (stored != crc.getValue()) {
            throw new IllegalStateException(file + " is corrupt: CRC32 " + Long.toHexString(crc.getValue())
                    + " does not match the stored " + Long.toHexString(stored));
        }
        try {
            return parse(new DataInputStream(new ByteArrayInputStream(bytes, HEADER_BYTES, (int) length)));
        } catch (EOFException e) {
            throw new IllegalStateException(file + " is corrupt: its payload ends early", e);
        }
    }

    /** A writer body that may fail halfway. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code body} into a temporary sibling of {@code target}, syncs it and renames it over the target. */
    static void writeAtomically(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; checkpoints need it", e);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("could not delete temporary checkpoint file {}", tmp, e);
                }
            }
        }
    }

    private static byte[] payload(Checkpoint c) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeString(out, c.configJson());
        out.writeInt(c.counters().size());
        for (Map.Entry<String, Long> e : c.counters().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        Map<String, long[]> rngs = c.rngStates();
        out.writeInt(rngs.size());
        for (Map.Entry<String, long[]> e : rngs.entrySet()) {
            writeString(out, e.getKey());
            out.writeInt(e.getValue().length);
            for (long v : e.getValue()) {
                out.writeLong(v);
            }
        }
        Map<String, float[]> arrays = c.arrays();
        out.writeInt(arrays.size());
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            writeString(out, e.getKey());
            out.writeInt(e.getValue().length);
            for (float v : e.getValue()) {
                out.writeFloat(v);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static Checkpoint parse(DataInputStream in) throws IOException {
        String config = readString(in);
        Map<String, Long> counters = new LinkedHashMap<>();
        int n = readCount(in, "counters");
        for (int i = 0; i < n; i++) {
            counters.put(readString(in), in.readLong());
        }
        Map<String, long[]> rngs = new LinkedHashMap<>();
        n = readCount(in, "rngStates");
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            long[] v = new long[readCount(in, "rng state " + name)];
            for (int j = 0; j < v.length; j++) {
                v[j] = in.readLong();
            }
            rngs.put(name, v);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        n = readCount(in, "arrays");
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            float[] v = new float[readCount(in, "array " + name)];
            for (int j = 0; j < v.length; j++) {
                v[j] = in.readFloat();
            }
            arrays.put(name, v);
        }
        if (in.available() != 0) {
            throw new IllegalStateException("checkpoint payload has " + in.available() + " unread bytes");
        }
        return new Checkpoint(config, arrays, rngs, counters);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = readCount(in, "string");
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    private static int readCount(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalStateException("checkpoint payload announces " + n + " entries of " + what
                    + " but only " + in.available() + " bytes remain");
        }
        return n;
    }
}
