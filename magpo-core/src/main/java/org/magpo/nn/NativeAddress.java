package org.magpo.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * JavaCPP pointers and direct byte buffers at a raw host address (one that {@link HostView} computed for an
 * ND4J array): they neither own nor free the memory, so the array must stay alive while they are used.
 */
final class NativeAddress {
    private NativeAddress() {
    }

    static FloatPointer floats(long address) {
        return new Floats(address);
    }

    static DoublePointer doubles(long address) {
        return new Doubles(address);
    }

    /** A native-order buffer over {@code bytes} bytes from {@code address}. */
    static ByteBuffer bytes(long address, long bytes) {
        return new Bytes(address, bytes).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private static final class Floats extends FloatPointer {
        Floats(long address) {
            this.address = address;
        }
    }

    private static final class Doubles extends DoublePointer {
        Doubles(long address) {
            this.address = address;
        }
    }

    private static final class Bytes extends BytePointer {
        Bytes(long address, long bytes) {
            this.address = address;
            this.limit = bytes;
            this.capacity = bytes;
        }
    }
}
