package io.marsdcs.mars;

/**
 * Bounds on what one mail may cost us. MARS XML for one incident is a few KB; these leave room
 * for very large incidents while keeping a hostile mail from exhausting memory.
 */
public record Limits(long maxDecompressedBytes, int maxCompressionRatio, int maxXmlDepth, int maxEvents) {
    public static final Limits DEFAULT = new Limits(32L * 1024 * 1024, 200, 32, 100_000);
}
