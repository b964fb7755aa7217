package fr.carnets.kernel.jdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which "module/package" names this JDK has: Spark's list names one that JDK 24 removed. */
class JdkAccessTest {

    @Test
    void existsOnlyForAPackageOfAModuleOfThisJdk() {
        assertTrue(JdkAccess.exists("java.base/sun.nio.ch"));
        assertFalse(JdkAccess.exists("java.base/no.such.pkg"));
        assertFalse(JdkAccess.exists("no.such.module/java.lang"));
        assertFalse(JdkAccess.exists("java.lang"));
        // present in JDK 17, gone from JDK 24 on (Spark 3.5 still asks for it)
        assertTrue(JdkAccess.exists("java.base/sun.security.action") == (Runtime.version().feature() < 24));
    }
}
