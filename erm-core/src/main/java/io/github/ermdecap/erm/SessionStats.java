package io.github.ermdecap.erm;

import java.util.SortedSet;
import java.util.TreeSet;

/** TEMP stub. */
public final class SessionStats {
    final String switchAddress;
    final int port;
    long packets;
    long bytes;
    final TreeSet<Integer> vlans = new TreeSet<>();

    SessionStats(String switchAddress, int port) {
        this.switchAddress = switchAddress;
        this.port = port;
    }

    public String switchAddress() {
        return switchAddress;
    }

    public int port() {
        return port;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public SortedSet<Integer> vlans() {
        return vlans;
    }
}
