package io.github.ermdecap.erm;

/** TEMP stub. */
public enum VlanMode { NEVER, TAGGED, ALWAYS }
