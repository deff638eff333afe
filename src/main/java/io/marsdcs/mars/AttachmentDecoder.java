package io.marsdcs.mars;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns an attachment's bytes into XML bytes. The format is decided by magic bytes, never by the
 * file name (MARS names gzip files .xml.gz, relays rename them). Decompression is bounded in size
 * and ratio so a bomb costs us a few megabytes, not the heap.
 */
final class AttachmentDecoder {
    private static final int MIN_BYTES_FOR_RATIO_CHECK = 1024 * 1024;

    private final Limits limits;

    AttachmentDecoder(Limits limits) {
        this.limits = limits;
    }

    enum Format { GZIP, ZIP, PLAIN }

    static Format sniff(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) return Format.GZIP;
        if (b.length >= 4 && b[0] == 0x50 && b[1] == 0x4B && b[2] == 0x03 && b[3] == 0x04) return Format.ZIP;
        return Format.PLAIN;
    }

    byte[] decode(byte[] attachment) throws MalformedInputException {
        try {
            return switch (sniff(attachment)) {
                case GZIP -> bounded(new GZIPInputStream(new ByteArrayInputStream(attachment)), attachment.length, "gzip");
                case ZIP -> firstXmlEntry(attachment);
                case PLAIN -> attachment;
            };
        } catch (IOException e) {
            throw new MalformedInputException("cannot decompress attachment: " + e.getMessage());
        }
    }

    private byte[] firstXmlEntry(byte[] attachment) throws IOException, MalformedInputException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(attachment))) {
            ZipEntry entry;
            int entries = 0;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > 100) throw new MalformedInputException("zip attachment has more than 100 entries");
                if (!entry.isDirectory() && entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
                    return bounded(zip, attachment.length, "zip entry " + entry.getName());
                }
            }
        }
        throw new MalformedInputException("zip attachment holds no .xml entry");
    }

    private byte[] bounded(InputStream in, int compressedSize, String what) throws IOException, MalformedInputException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        long ratioCap = Math.max(MIN_BYTES_FOR_RATIO_CHECK, (long) compressedSize * limits.maxCompressionRatio());
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limits.maxDecompressedBytes()) {
                throw new MalformedInputException(what + " expands beyond " + limits.maxDecompressedBytes() + " bytes");
            }
            if (total > ratioCap) {
                throw new MalformedInputException(what + " expands more than " + limits.maxCompressionRatio()
                        + " times its compressed size (" + compressedSize + " bytes): refusing a decompression bomb");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
