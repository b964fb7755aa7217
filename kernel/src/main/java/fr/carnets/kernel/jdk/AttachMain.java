package fr.carnets.kernel.jdk;

import com.sun.tools.attach.VirtualMachine;

/**
 * Run in a second JVM: loads the agent jar into the kernel (a JVM may not attach to itself unless
 * started with -Djdk.attach.allowAttachSelf, which the launcher does not set).
 * Arguments: the kernel's pid and the agent jar.
 */
public final class AttachMain {

    private AttachMain() {
    }

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(args[1]);
        } finally {
            vm.detach();
        }
    }
}
