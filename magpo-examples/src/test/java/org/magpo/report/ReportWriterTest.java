package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path out;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static void assertPng(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " does not decode as an image");
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
        // A chart, not a blank canvas: more than a handful of distinct colours.
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 5, png + " has only " + colours.size() + " colours");
    }

    @Test
    void writesTablesAndChartsThatDecode() throws IOException {
        Report r = Report.of(RunReader.readAll(List.of(Fixture.runs())), ReportOptions.defaults());
        List<Path> files = ReportWriter.write(r, out);
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("summary.csv", "aggregate.csv", "improvement.csv", "summary.md",
                "curves_coordsum_3x10-30.png", "curves_rware_tiny-2ag.png", "performance_profile.png"), names);
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(5, summary.size());
        assertTrue(summary.get(0).startsWith("env,task,algorithm,seeds,"));
        assertEquals(12, summary.get(1).split(",", -1).length);
        assertTrue(summary.get(4).startsWith("rware,tiny-2ag,magpo,3,32768,"), summary.get(4));
        assertEquals(3, Files.readAllLines(out.resolve("aggregate.csv")).size());
        assertEquals(3, Files.readAllLines(out.resolve("improvement.csv")).size());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| rware | tiny-2ag | magpo | 3 | 32768 |"), md);
        assertTrue(md.contains("![performance_profile.png](performance_profile.png)"), md);
        for (Path f : files) {
            if (f.toString().endsWith(".png")) {
                assertPng(f);
            }
        }
    }

    @Test
    void withoutPlotsOnlyTablesAreWritten() throws IOException {
        ReportOptions o = new ReportOptions("episode_return", ScoreSource.FINAL, Normalization.NONE,
                StratifiedBootstrap.defaults(), false);
        List<Path> files = ReportWriter.write(Report.of(RunReader.readAll(List.of(Fixture.runs())), o), out);
        assertEquals(4, files.size());
        assertTrue(files.stream().noneMatch(p -> p.toString().endsWith(".png")));
    }
}
