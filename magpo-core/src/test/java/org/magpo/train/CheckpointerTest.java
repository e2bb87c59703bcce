package org.magpo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    @TempDir
    Path dir;

    private static Checkpoint sample(float first) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("guider/params", new float[] {first, -2.5f, Float.MIN_VALUE, Float.NaN});
        arrays.put("learner/adam_m", new float[0]);
        return new Checkpoint("{\"task\":\"coordsum:3x30-50\",\"lr\":5e-4}", arrays,
                Map.of("rollout", new long[] {123456789L, 0x9e3779b97f4a7c15L}),
                Map.of("step", 1_000_000L, "update", 61L));
    }

    @Test
    void savedCheckpointLoadsBackBitForBit() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1.25f));
        Checkpoint c = Checkpointer.load(f);
        assertEquals("{\"task\":\"coordsum:3x30-50\",\"lr\":5e-4}", c.configJson());
        assertArrayEquals(new float[] {1.25f, -2.5f, Float.MIN_VALUE, Float.NaN}, c.array("guider/params"));
        assertEquals(0, c.array("learner/adam_m").length);
        assertArrayEquals(new long[] {123456789L, 0x9e3779b97f4a7c15L}, c.rngState("rollout"));
        assertEquals(1_000_000L, c.counter("step"));
        assertEquals(61L, c.counter("update"));
        assertEquals(java.util.List.of("guider/params", "learner/adam_m"), java.util.List.copyOf(c.arrays().keySet()));
    }

    @Test
    void saveReplacesThePreviousCheckpointAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1f));
        Checkpointer.save(f, sample(2f));
        assertEquals(2f, Checkpointer.load(f).array("guider/params")[0]);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void failedWriteKeepsThePreviousCheckpoint() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1f));
        byte[] before = Files.readAllBytes(f);
        IOException e = assertThrows(IOException.class, () -> Checkpointer.writeAtomically(f, out -> {
            out.write(new byte[5000]);
            throw new IOException("disk full (simulated)");
        }));
        assertTrue(e.getMessage().contains("simulated"));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary file must be removed");
        }
        assertEquals(1f, Checkpointer.load(f).array("guider/params")[0]);
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1f));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 3));
        String m = assertThrows(IllegalStateException.class, () -> Checkpointer.load(f)).getMessage();
        assertTrue(m.contains("truncated"), m);
        Files.write(f, Arrays.copyOf(all, 12));
        m = assertThrows(IllegalStateException.class, () -> Checkpointer.load(f)).getMessage();
        assertTrue(m.contains("truncated"), m);
    }

    @Test
    void foreignFileIsRejected() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello, this is not a checkpoint");
        String m = assertThrows(IllegalStateException.class, () -> Checkpointer.load(f)).getMessage();
        assertTrue(m.contains("not a MAGPO4J checkpoint"), m);
        Files.write(f, new byte[0]);
        assertThrows(IllegalStateException.class, () -> Checkpointer.load(f));
    }

    @Test
    void flippedBitFailsTheChecksum() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1f));
        byte[] all = Files.readAllBytes(f);
        all[all.length / 2] ^= 0x10;
        Files.write(f, all);
        String m = assertThrows(IllegalStateException.class, () -> Checkpointer.load(f)).getMessage();
        assertTrue(m.contains("corrupt") && m.contains("CRC32"), m);
    }

    @Test
    void otherFormatVersionIsRejected() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        Checkpointer.save(f, sample(1f));
        byte[] all = Files.readAllBytes(f);
        all[Checkpointer.MAGIC.length + 3] = 9;
        Files.write(f, all);
        String m = assertThrows(IllegalStateException.class, () -> Checkpointer.load(f)).getMessage();
        assertTrue(m.contains("version 9"), m);
    }

    @Test
    void checkpointCopiesItsInputsAndNamesMissingEntries() {
        float[] params = {1f, 2f};
        Checkpoint c = new Checkpoint("{}", Map.of("p", params), Map.of(), Map.of());
        params[0] = 99f;
        c.arrays().get("p")[1] = 99f;
        assertArrayEquals(new float[] {1f, 2f}, c.array("p"));
        String m = assertThrows(IllegalArgumentException.class, () -> c.counter("step")).getMessage();
        assertTrue(m.contains("'step'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(null, Map.of(), Map.of(), Map.of())).getMessage();
        assertTrue(m.contains("configJson"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint("{}", Map.of("", new float[1]), Map.of(), Map.of())).getMessage();
        assertTrue(m.contains("arrays names"), m);
    }
}
