// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A regular file read through a memory mapping, one window of {@link #WINDOW} bytes at a time: a read copies
 * from the page cache straight into the caller's array (no system call, no read-ahead thread: the kernel reads
 * ahead by itself), and a {@link GatheringOutput} can write slices of the mapping without Java copying them.
 *
 * <p>A file that shrinks while mapped (truncated by another program) would fault on access. Every read checks
 * the file's size before it copies, and ends the input where the file now ends, so the readers report the usual
 * located damage ("record N at byte B: record truncated: ..."); and again after, so bytes past the new end
 * (which a partial last page reads as zeros) are never delivered. A file that grows is read to its new end.
 * A truncation between the check and the copy faults: the JVM's error is caught and the read done again over
 * what is left of the file.
 *
 * <p>Windows overlap by {@link #OVERLAP} bytes so that the records still buffered by the reader when the read
 * position moves on stay in the window and can be written from it.
 */
public final class MappedInput extends InputStream {
    static final long WINDOW = 16L << 20;
    static final long OVERLAP = 2L << 20;

    /** The mapped inputs of open readers, so a writer can find the mapping of the reader it copies from. */
    private static final Map<CaptureReader, MappedInput> READERS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method m = null;
        Object u = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            m = null; // windows are then unmapped by the garbage collector
        }
        INVOKE_CLEANER = m;
        UNSAFE = u;
    }

    private final FileChannel channel;
    private long size;
    private long pos;
    private boolean eof;
    private boolean shrank;
    private MappedByteBuffer window;
    private long windowStart;
    private long windowEnd;
    /** The array the last read filled, the file position of its index 0, and the end of the bytes read into it. */
    private byte[] lastArray;
    private long arrayBase;
    private int arrayValid;
    /** Called before a window is unmapped, so that writes referencing it are done first. */
    private Runnable beforeUnmap;
    private boolean closed;

    MappedInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * Opens a capture file: a regular file is mapped ({@link MappedInput}), anything else (a FIFO, a device) is
     * read a few MiB ahead on a background thread.
     */
    static CaptureReader open(Path path, ReadLimits limits) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        InputStream in;
        MappedInput mapped = null;
        try {
            if (Files.isRegularFile(path)) {
                mapped = new MappedInput(ch);
                in = mapped;
            } else {
                in = new ReadAheadInputStream(ch);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        try {
            CaptureReader r = CaptureReader.open(in, path.toString(), limits);
            if (mapped != null && !r.compressed()) {
                READERS.put(r, mapped);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The mapping under an uncompressed reader opened on a regular file by {@link CaptureReader#open(Path,
     * ReadLimits)}, whose stream positions are file positions; null for any other reader.
     */
    public static MappedInput of(CaptureReader reader) {
        return READERS.get(reader);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        if (len == 0) {
            return 0;
        }
        if (eof || closed) {
            return -1;
        }
        // A copy that faults (the file was cut during it) raises the JVM's InternalError, in compiled code not
        // in place but at the thread's next native call or safepoint poll: the size check after the copy
        // (a native call) and the return, both inside this try. The copy is then tried again over what is
        // left of the file, which the size check before it finds.
        long from = pos;
        byte[] array = lastArray;
        long base = arrayBase;
        int valid = arrayValid;
        for (int attempt = 0; ; attempt++) {
            try {
                return readMapped(b, off, len);
            } catch (InternalError fault) {
                // nothing of this read is delivered, wherever the error was raised
                pos = from;
                lastArray = array;
                arrayBase = base;
                arrayValid = valid;
                shrank = true;
                if (attempt == 2) {
                    eof = true;
                    throw new IOException("the file was being cut by another program while being read, at byte "
                            + pos);
                }
            }
        }
    }

    private int readMapped(byte[] b, int off, int len) throws IOException {
        // The size before the copy: a file truncated since the last read must not be read past its end, which
        // would fault. A growing file is read to its new end.
        long now = channel.size();
        if (now < size) {
            shrank = true;
        }
        size = now;
        if (pos >= size) {
            return end();
        }
        if (window == null || pos < windowStart || pos >= windowEnd) {
            try {
                remap();
            } catch (IOException e) {
                long cut = channel.size();
                if (cut >= size) {
                    throw e;
                }
                // cut since the size check: a read-only mapping past the end is refused ("cannot extend file")
                shrank = true;
                size = cut;
                if (pos >= size) {
                    return end();
                }
                remap();
            }
        }
        int n = (int) Math.min(len, Math.min(windowEnd, size) - pos);
        window.get((int) (pos - windowStart), b, off, n);
        now = channel.size();
        if (now < pos + n) {
            // it shrank during the copy: bytes past the new end may be zeros from a partial page
            shrank = true;
            size = now;
            n = (int) Math.max(0, Math.min(n, now - pos));
        }
        if (n == 0) {
            return end();
        }
        lastArray = b;
        arrayBase = pos - off;
        arrayValid = off + n;
        pos += n;
        return n;
    }

    /**
     * The end of the input at {@link #pos}: -1 where the file ends, damage where another program cut it below
     * what was read (the records read before are kept, the readers locate the damage).
     */
    private int end() throws IOException {
        eof = true;
        if (pos > size) {
            throw new IOException("the file was cut to " + size + " bytes by another program while being read, "
                    + "after byte " + pos);
        }
        return -1;
    }

    /** Maps the window holding {@link #pos}, starting {@link #OVERLAP} before it, after unmapping the old one. */
    private void remap() throws IOException {
        if (beforeUnmap != null) {
            beforeUnmap.run();
        }
        unmap();
        long start = Math.max(0, pos - OVERLAP);
        long end = Math.min(size, start + WINDOW);
        window = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start);
        windowStart = start;
        windowEnd = end;
    }

    private void unmap() {
        MappedByteBuffer w = window;
        window = null;
        if (w != null && INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, w);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }

    /**
     * The file position of {@code array[off .. off + len)} when those bytes are the ones the last read put there
     * (the reader's buffer holds the stream contiguously) and lie in the current window; else -1.
     */
    long locate(byte[] array, int off, int len) {
        if (array != lastArray || off < 0 || len < 0 || off > arrayValid - len) {
            return -1;
        }
        long p = arrayBase + off;
        if (p < windowStart || p + len > windowEnd) {
            return -1;
        }
        // Tests run with assertions: they check the invariant this relies on, unless the file was cut below the
        // bytes since (their test cuts on this thread). Not checked in production: touching the mapping here
        // could fault if another program cut the file since it was read.
        assert shrankBelow(p + len) || sameBytes(array, off, len, p)
                : "the reader's buffer does not hold the stream contiguously";
        return p;
    }

    private boolean sameBytes(byte[] array, int off, int len, long p) {
        int base = (int) (p - windowStart);
        for (int i = 0; i < len; i += i < 16 || i >= len - 16 ? 1 : 61) { // both ends, and a sample between
            if (window.get(base + i) != array[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** The current window (valid until the next read that moves it), and where it starts in the file. */
    ByteBuffer window() {
        return window;
    }

    long windowStart() {
        return windowStart;
    }

    /** Runs {@code hook} before every unmapping (null: none). */
    void beforeUnmap(Runnable hook) {
        this.beforeUnmap = hook;
    }

    /** True when the file was seen to shrink while being read, or is now shorter than {@code end}. */
    boolean shrankBelow(long end) {
        try {
            return shrank || channel.size() < end;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (beforeUnmap != null) {
                beforeUnmap.run();
                beforeUnmap = null;
            }
            unmap();
            channel.close();
        }
    }
}
