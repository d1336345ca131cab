package io.github.ermdecap.erm;

/** TEMP stub. */
public final class DecapResult {
    Outcome outcome;
    byte[] array;
    int offset;
    int length;
    long originalLength;
    int linkType;
    int depth;
    int vlanId;
    int port;
    String switchAddress;
    boolean keep;

    public Outcome outcome() {
        return outcome;
    }

    public boolean decapsulated() {
        return outcome.decapsulated();
    }

    public boolean keep() {
        return keep;
    }

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public long originalLength() {
        return originalLength;
    }

    public int linkType() {
        return linkType;
    }

    public int depth() {
        return depth;
    }

    public int vlanId() {
        return vlanId;
    }

    public int port() {
        return port;
    }

    public String switchAddress() {
        return switchAddress;
    }
}
