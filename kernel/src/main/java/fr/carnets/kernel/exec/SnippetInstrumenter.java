package fr.carnets.kernel.exec;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites the bytecode of cell classes before they are defined:
 * <ul>
 *   <li>a call to {@link CellGuard#checkStop()} before every backward jump (loops), and at the start of
 *       every lambda body (the work of {@code IntStream.iterate(0, k -> k + 1).boxed().collect(...)}
 *       loops inside the JDK and calls back into the cell only there), so Stop works without
 *       Thread.stop, which JDK 20 and later refuse;</li>
 *   <li>System.exit, Runtime.exit and Runtime.halt replaced by {@link CellGuard} calls that refuse, whether
 *       called, used as a method reference ({@code System::exit}) or invoked by reflection.</li>
 * </ul>
 * The insertions keep the operand stack shape, so frames and max stack stay valid.
 */
public final class SnippetInstrumenter {

    private static final String GUARD = CellGuard.class.getName().replace('.', '/');

    private SnippetInstrumenter() {
    }

    public static byte[] instrument(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new GuardingMethodVisitor(super.visitMethod(access, name, desc, sig, exceptions),
                        (access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith("lambda$"));
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class GuardingMethodVisitor extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();
        private final boolean lambdaBody;

        GuardingMethodVisitor(MethodVisitor next, boolean lambdaBody) {
            super(Opcodes.ASM9, next);
            this.lambdaBody = lambdaBody;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (lambdaBody) {
                // an empty stack before and after: no frame changes, max stack unchanged
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "checkStop", "()V", false);
            }
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "checkStop", "()V", false);
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit") && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/reflect/Method") && name.equals("invoke")
                    && desc.equals("(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "invoke",
                        "(Ljava/lang/reflect/Method;Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, itf);
            }
        }

        /** Method references ({@code System::exit}, {@code Runtime.getRuntime()::halt}) are handles given to invokedynamic. */
        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
            Object[] guarded = args.clone();
            for (int i = 0; i < guarded.length; i++) {
                if (guarded[i] instanceof Handle h) {
                    guarded[i] = guarded(h);
                }
            }
            super.visitInvokeDynamicInsn(name, desc, bootstrap, guarded);
        }

        private static Handle guarded(Handle h) {
            if (h.getTag() == Opcodes.H_INVOKESTATIC && h.getOwner().equals("java/lang/System")
                    && h.getName().equals("exit") && h.getDesc().equals("(I)V")) {
                return new Handle(Opcodes.H_INVOKESTATIC, GUARD, "exit", "(I)V", false);
            }
            if (h.getTag() == Opcodes.H_INVOKEVIRTUAL && h.getOwner().equals("java/lang/Runtime")
                    && (h.getName().equals("exit") || h.getName().equals("halt")) && h.getDesc().equals("(I)V")) {
                // The receiver becomes the first parameter: the same shape for the lambda factory.
                return new Handle(Opcodes.H_INVOKESTATIC, GUARD, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            }
            return h;
        }
    }
}
