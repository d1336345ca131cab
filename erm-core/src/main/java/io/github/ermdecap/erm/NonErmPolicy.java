package io.github.ermdecap.erm;

/** TEMP stub. */
public enum NonErmPolicy { PASS, DROP }
