package org.magpo.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * A sweep output on a Hadoop-compatible file system ({@code hdfs://}, {@code s3a://}, {@code file://}, ...),
 * reached through Hadoop's {@link FileSystem} (Spark brings the client libraries). The trainer writes
 * {@code java.nio} paths, so each run trains in a local staging directory: {@link #download} before the
 * run (to resume from its checkpoint or skip it when finished), {@link #upload} after it, also after a
 * failure, so a retry on another executor resumes from the last uploaded checkpoint.
 *
 * <p>Serializable: Spark ships it to executors inside each task; the file system is opened lazily there.
 */
final class RemoteOutput implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Suffix of a file being uploaded; renamed to its name once complete. */
    private static final String UPLOADING = ".uploading";

    private final String root;
    private final Map<String, String> hadoopConf;
    private transient FileSystem fs;

    /**
     * @param root       URI of the sweep output, with a scheme ({@code hdfs://nn:8020/sweeps/x})
     * @param hadoopConf Hadoop settings on top of the environment's ({@code core-site.xml}), e.g. the
     *                   {@code spark.hadoop.*} entries of the Spark configuration without that prefix
     */
    RemoteOutput(String root, Map<String, String> hadoopConf) {
        if (!isUri(root)) {
            throw new IllegalArgumentException("sweep output must be a URI with a scheme (hdfs://, s3a://, file://), got '"
                    + root + "'");
        }
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.hadoopConf = Map.copyOf(hadoopConf);
    }

    /** Whether {@code out} names a URI with a scheme (two letters or more, so {@code C:\x} stays a path). */
    static boolean isUri(String out) {
        return out != null && out.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    }

    /** The output's URI, without a trailing slash. */
    String root() {
        return root;
    }

    private org.apache.hadoop.fs.Path remote(String relative) {
        return relative.isEmpty() ? new org.apache.hadoop.fs.Path(root) : new org.apache.hadoop.fs.Path(root + "/" + relative);
    }

    private synchronized FileSystem fs() throws IOException {
        if (fs == null) {
            Configuration conf = new Configuration();
            hadoopConf.forEach(conf::set);
            try {
                FileSystem f = FileSystem.get(new URI(root), conf);
                // The checksummed local file system would add a .crc file beside every file.
                fs = f instanceof LocalFileSystem local ? local.getRaw() : f;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("sweep output '" + root + "' is not a valid URI: " + e.getMessage(), e);
            }
        }
        return fs;
    }

    /** Creates the output's root directory. */
    void createRoot() throws IOException {
        fs().mkdirs(remote(""));
    }

    /** Whether the file {@code relative} exists under the output. */
    boolean exists(String relative) throws IOException {
        return fs().exists(remote(relative));
    }

    /**
     * Replaces the contents of {@code local} (created if needed) with the remote directory {@code relative},
     * recursively; with {@code withCheckpoint} false the (possibly large) {@link RunDirectory#CHECKPOINT} is
     * left out. Returns false, leaving {@code local} empty, when the remote directory does not exist.
     */
    boolean download(String relative, Path local, boolean withCheckpoint) throws IOException {
        Files.createDirectories(local);
        RunDirectory.clear(local);
        org.apache.hadoop.fs.Path src = remote(relative);
        if (!fs().exists(src)) {
            return false;
        }
        copyDown(src, local, withCheckpoint);
        return true;
    }

    private void copyDown(org.apache.hadoop.fs.Path src, Path local, boolean withCheckpoint) throws IOException {
        for (FileStatus st : fs().listStatus(src)) {
            String name = st.getPath().getName();
            if (name.endsWith(UPLOADING) || (!withCheckpoint && name.equals(RunDirectory.CHECKPOINT))) {
                continue;
            }
            Path target = local.resolve(name);
            if (st.isDirectory()) {
                Files.createDirectories(target);
                copyDown(st.getPath(), target, withCheckpoint);
            } else {
                fs().copyToLocalFile(false, st.getPath(), new org.apache.hadoop.fs.Path(target.toUri()), true);
            }
        }
    }

    /**
     * Makes the remote directory {@code relative} a copy of {@code local}: remote files that are not there
     * locally are deleted, the others are written to a temporary name and renamed, so a reader never sees
     * a half-written checkpoint. The {@link RunDirectory#MARL_EVAL} and {@link RunDirectory#DONE} files,
     * which mark a run finished, go last.
     */
    void upload(Path local, String relative) throws IOException {
        org.apache.hadoop.fs.Path dst = remote(relative);
        fs().mkdirs(dst);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(local)) {
            s.forEach(files::add);
        }
        files.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (FileStatus st : fs().listStatus(dst)) {
            String name = st.getPath().getName();
            if (files.stream().noneMatch(f -> f.getFileName().toString().equals(name))) {
                fs().delete(st.getPath(), true);
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String rel = relative.isEmpty() ? name : relative + "/" + name;
            if (Files.isDirectory(f)) {
                upload(f, rel);
            } else {
                uploadFile(f, rel);
            }
        }
    }

    private static int rank(Path f) {
        String name = f.getFileName().toString();
        return name.equals(RunDirectory.DONE) ? 2 : name.equals(RunDirectory.MARL_EVAL) ? 1 : 0;
    }

    /** Writes the local file {@code local} to {@code relative} under the output (replacing it). */
    void uploadFile(Path local, String relative) throws IOException {
        org.apache.hadoop.fs.Path dst = remote(relative);
        org.apache.hadoop.fs.Path tmp = remote(relative + UPLOADING);
        fs().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
        if (fs().exists(dst)) {
            fs().delete(dst, false);
        }
        if (!fs().rename(tmp, dst)) {
            throw new IOException("cannot rename " + tmp + " to " + dst);
        }
    }

    @Override
    public String toString() {
        return root;
    }
}
