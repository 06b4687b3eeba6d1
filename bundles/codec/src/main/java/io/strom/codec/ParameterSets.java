package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Base64;
import java.util.function.ToIntBiFunction;

/**
 * The latest parameter sets (SPS and PPS, plus VPS for H265) of one stream, from the SDP or seen
 * in band, and their insertion into random-access units that lack them, so a reader joining at
 * any keyframe can decode.
 */
final class ParameterSets {

    private final int headerSize;
    private final int[] types;
    private final byte[][] sets;
    private final ToIntBiFunction<ByteBuf, Integer> nalType;

    /**
     * @param headerSize NAL unit header size in bytes
     * @param types      the parameter-set NAL unit types in the order a decoder needs them
     * @param nalType    reads the type of the NAL unit whose header starts at an index
     */
    ParameterSets(int headerSize, int[] types, ToIntBiFunction<ByteBuf, Integer> nalType) {
        this.headerSize = headerSize;
        this.types = types.clone();
        this.sets = new byte[types.length][];
        this.nalType = nalType;
    }

    /** The rank of a NAL unit type among the parameter sets, or -1 when it is not one. */
    int index(int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** Remembers a copy of the parameter set of rank {@code index} at {@code offset}. */
    void remember(int index, ByteBuf buf, int offset, int length) {
        byte[] copy = new byte[length];
        buf.getBytes(offset, copy);
        sets[index] = copy;
    }

    /** Reads parameter sets from a comma-separated base64 list; entries that are not parameter sets are ignored. */
    void learn(String base64List) {
        if (base64List == null) {
            return;
        }
        for (String item : base64List.split(",")) {
            byte[] nal;
            try {
                nal = Base64.getDecoder().decode(item.strip());
            } catch (IllegalArgumentException e) {
                continue;
            }
            int index = nal.length >= headerSize ? index(nalType.applyAsInt(Unpooled.wrappedBuffer(nal), 0)) : -1;
            if (index >= 0) {
                sets[index] = nal;
            }
        }
    }

    /**
     * The AVCC access unit with the known parameter sets it lacks inserted, each right after the
     * last in-band parameter set it depends on (a PPS after an in-band SPS), else at the start.
     * Returns {@code accessUnit} itself when nothing is missing, else a new buffer and releases it.
     *
     * @param present bit i set: the access unit already carries the parameter set of rank i
     */
    ByteBuf insertMissing(ByteBuf accessUnit, int present, ByteBufAllocator allocator) {
        int[] insertAt = new int[sets.length];
        int extra = 0;
        for (int i = 0; i < sets.length; i++) {
            insertAt[i] = -1;
            if ((present & (1 << i)) == 0 && sets[i] != null) {
                insertAt[i] = accessUnit.readerIndex();
                extra += 4 + sets[i].length;
            }
        }
        if (extra == 0) {
            return accessUnit;
        }
        int end = accessUnit.writerIndex();
        for (int pos = accessUnit.readerIndex(); pos < end; pos += 4 + accessUnit.getInt(pos)) {
            int rank = index(nalType.applyAsInt(accessUnit, pos + 4));
            for (int i = rank + 1; rank >= 0 && i < insertAt.length; i++) {
                if (insertAt[i] >= 0) {
                    insertAt[i] = pos + 4 + accessUnit.getInt(pos);
                }
            }
        }
        ByteBuf out = allocator.buffer(accessUnit.readableBytes() + extra);
        for (int pos = accessUnit.readerIndex(); ; ) {
            for (int i = 0; i < insertAt.length; i++) {
                if (insertAt[i] == pos) {
                    out.writeInt(sets[i].length).writeBytes(sets[i]);
                }
            }
            if (pos == end) {
                break;
            }
            int length = 4 + accessUnit.getInt(pos);
            out.writeBytes(accessUnit, pos, length);
            pos += length;
        }
        accessUnit.release();
        return out;
    }
}
