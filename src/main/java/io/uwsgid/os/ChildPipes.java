package io.uwsgid.os;

/** The master's ends of a child's two channels: its emperor socket and its stdout/stderr pipe. */
public record ChildPipes(int emperor, int log) {}
