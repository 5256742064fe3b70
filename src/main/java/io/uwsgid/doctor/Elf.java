package io.uwsgid.doctor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a shared object asks of the dynamic linker: the libraries it needs (DT_NEEDED) and where
 * it says to look for them (DT_RUNPATH, DT_RPATH). Read from the section headers of a 64-bit
 * little-endian ELF file; anything else, or anything malformed, is not understood (empty).
 */
record Elf(List<String> needed, List<String> runpath) {
    private static final int SHT_DYNAMIC = 6, DT_NEEDED = 1, DT_RPATH = 15, DT_RUNPATH = 29;

    static Optional<Elf> read(byte[] bytes) {
        try {
            return Optional.ofNullable(parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Elf parse(ByteBuffer b) {
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
            return null;
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) == SHT_DYNAMIC) {
                int strtab = Math.toIntExact(shoff + (long) b.getInt(sh + 40) * shentsize);
                return entries(b, Math.toIntExact(b.getLong(sh + 24)), Math.toIntExact(b.getLong(sh + 32)),
                        Math.toIntExact(b.getLong(strtab + 24)));
            }
        }
        return new Elf(List.of(), List.of());
    }

    private static Elf entries(ByteBuffer b, int offset, int size, int strings) {
        List<String> needed = new ArrayList<>(), runpath = new ArrayList<>();
        for (int at = offset; at + 16 <= offset + size; at += 16) {
            long tag = b.getLong(at);
            if (tag == 0) {
                break;
            }
            if (tag == DT_NEEDED) {
                needed.add(string(b, strings + Math.toIntExact(b.getLong(at + 8))));
            } else if (tag == DT_RUNPATH || tag == DT_RPATH) {
                runpath.addAll(List.of(string(b, strings + Math.toIntExact(b.getLong(at + 8))).split(":")));
            }
        }
        return new Elf(needed, runpath);
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
