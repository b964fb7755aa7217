package fr.carnets.kernel.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryGuardTest {

    @Test
    void readsTheSizesTheLauncherWrites() {
        assertEquals(8192L << 20, MemoryGuard.bytes("8192m"));
        assertEquals(2L << 30, MemoryGuard.bytes(" 2G "));
        assertEquals(1_073_741_824L, MemoryGuard.bytes("1073741824"));
        assertEquals(512L << 10, MemoryGuard.bytes("512k"));
        // "0" (maxphysicalbytes off), absent or unreadable: no limit
        assertEquals(0, MemoryGuard.bytes("0"));
        assertEquals(0, MemoryGuard.bytes(null));
        assertEquals(0, MemoryGuard.bytes("beaucoup"));
    }
}
