// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Map;

/**
 * Batch mode's manifests for a tool that writes batch outputs on another file system (erm-spark on HDFS):
 * the hidden {@code .<output name>.erm-decap} beside each output that {@link BatchConversion} reads to decide
 * whether an output is up to date, and writes after a conversion. Reading and writing the bytes is the caller's
 * (write them under a temporary name and rename, after the output set was renamed into place); what they say
 * is batch mode's, so that batch mode and the other tool each take the other's outputs as up to date.
 *
 * <pre>{@code
 * BatchManifests m = new BatchManifests("0.3.0", conversion);
 * String why = m.outOfDate(manifestStream, inputSize, inputMtimeMillis, name -> sizeOrMinusOne(name));
 * byte[] manifest = m.bytes(inputSize, inputMtimeMillis, ExitCode.SUCCESS, Map.of("out.pcap", 1234L));
 * }</pre>
 */
public final class BatchManifests {
    /** The size of an output file by its name in the output's directory; -1 when it is not a regular file. */
    @FunctionalInterface
    public interface Sizes {
        long of(String name) throws IOException;
    }

    private final String producer;

    /**
     * The manifests of outputs written by {@code conversion}, tagged with {@code version} (as
     * {@link BatchConversion#withVersion}: the CLI's is its project version).
     */
    public BatchManifests(String version, Conversion conversion) {
        this.producer = version + "; " + conversion.producer();
    }

    /** The manifest's file name beside an output named {@code outputName}: {@code .NAME.erm-decap}. */
    public static String fileName(String outputName) {
        return "." + outputName + BatchManifest.SUFFIX;
    }

    /**
     * Why the output recorded in {@code manifest} (not closed) is not what converting the input (its size and
     * modification time in milliseconds) would write now, or null when it is up to date: same version and
     * options, same input, a clean exit, every file of the set present with its recorded size.
     */
    public String outOfDate(InputStream manifest, long inputSize, long inputMtimeMillis, Sizes sizes) {
        BatchManifest recorded = BatchManifest.read(manifest);
        if (recorded == null) {
            return "no manifest";
        }
        return recorded.outOfDate(BatchManifest.expected(producer, inputSize, inputMtimeMillis), sizes);
    }

    /**
     * The manifest of a committed output set: the input's size and modification time, the conversion's exit
     * code, and the files of the set (names in the output's directory, in order, with their sizes).
     */
    public byte[] bytes(long inputSize, long inputMtimeMillis, ExitCode exit, Map<String, Long> outputs)
            throws IOException {
        return BatchManifest.expected(producer, inputSize, inputMtimeMillis)
                .bytes(new ArrayList<>(outputs.keySet()), new ArrayList<>(outputs.values()), exit);
    }
}
