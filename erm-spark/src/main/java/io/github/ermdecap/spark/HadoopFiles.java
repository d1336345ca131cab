// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;

/** Hadoop file system helpers: raw local files (no {@code .crc} beside outputs), atomic-as-possible commits. */
final class HadoopFiles {
    /** Temporary outputs of this job; contains batch mode's marker, so batch runs never take them for inputs. */
    static final String TEMP_MARKER = ".erm-decap-tmp-spark-";

    private HadoopFiles() {
    }

    /** The file system of {@code p}; for {@code file:} the raw one, which writes no checksum files. */
    static FileSystem of(Path p, Configuration conf) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem ? ((ChecksumFileSystem) fs).getRawFileSystem() : fs;
    }

    /** The hidden temporary name beside {@code target} for one writer ({@code tag}: a task attempt, a run). */
    static Path temporary(Path target, String tag) {
        return new Path(target.getParent(), "." + target.getName() + TEMP_MARKER + tag);
    }

    /** Creates {@code temp}; closing the stream syncs it ({@code hsync}) before closing. */
    static OutputStream create(FileSystem fs, Path temp) throws IOException {
        FSDataOutputStream fsOut = fs.create(temp, true, 1 << 16);
        return new FilterOutputStream(fsOut) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                fsOut.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    fsOut.hsync();
                } finally {
                    fsOut.close();
                }
            }
        };
    }

    /**
     * Renames a complete {@code temp} over {@code target}. A rename that replaces (local and POSIX file systems) is
     * tried first; where rename refuses an existing target (HDFS, S3A), the target is deleted first: it is an
     * older output, or the identical bytes of another attempt of the same task.
     */
    static void commit(FileSystem fs, Path temp, Path target) throws IOException {
        if (fs.rename(temp, target)) {
            return;
        }
        if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
            fs.delete(target, false);
            if (fs.rename(temp, target)) {
                return;
            }
        }
        fs.delete(temp, false);
        throw new IOException(target + ": cannot rename " + temp + " into place");
    }

    /** Deletes quietly (cleanup after a failure; the first error is the one reported). */
    static void deleteQuietly(FileSystem fs, Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException | RuntimeException ignored) {
            // Left for the next run's cleanup.
        }
    }

    /** An input stream that ends after {@code limit} bytes of another (not closing it early). */
    static InputStream bounded(InputStream in, long limit) {
        return new InputStream() {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int c = in.read();
                if (c >= 0) {
                    left--;
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return len == 0 ? 0 : -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** A Hadoop configuration that travels to the executors. */
    static final class Conf implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient Configuration value;

        Conf(Configuration value) {
            this.value = value;
        }

        Configuration get() {
            return value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            value.write(out);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            value = new Configuration(false);
            value.readFields(in);
        }
    }
}
