package convkit.jupyter;

import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps a cell from ending the kernel's JVM. Cell code runs in the kernel's own JVM, so a
 * {@code System.exit(0)} would end the kernel and every variable of the session. Before JShell's
 * class loader defines a cell's classes, {@link #rewrite} replaces each call of
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} (plain calls and method
 * references alike) by a call of this class, which throws {@link ExitBlockedError} instead:
 * the cell ends with that error, the kernel and its state live on.
 * <p>
 * Rewriting the bytecode catches the call however the source spells it ({@code
 * Runtime.getRuntime().exit(0)}, {@code var r = Runtime.getRuntime(); r.halt(1)}, {@code
 * IntConsumer f = System::exit}) and works on every JDK; a SecurityManager would change the whole
 * JVM and is gone from JDK 24 on (see kernel-config/README.md). Code outside the cells (a jar's
 * own System.exit, or a call through reflection) is not rewritten.
 */
public final class ExitGuard {
    private static final String SELF = "convkit/jupyter/ExitGuard";

    private ExitGuard() {
    }

    /** Called instead of {@code System.exit(status)} in cell code. */
    public static void systemExit(int status) {
        throw new ExitBlockedError("System.exit(" + status + ")");
    }

    /** Called instead of {@code runtime.exit(status)} in cell code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitBlockedError("Runtime.exit(" + status + ")");
    }

    /** Called instead of {@code runtime.halt(status)} in cell code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitBlockedError("Runtime.halt(" + status + ")");
    }

    static ClassBytecodes[] rewrite(ClassBytecodes[] classes) {
        ClassBytecodes[] out = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++)
            out[i] = new ClassBytecodes(classes[i].name(), rewrite(classes[i].bytecodes()));
        return out;
    }

    /** The class with its exit calls redirected; the same bytes if it has none. */
    static byte[] rewrite(byte[] bytecode) {
        // A call of exit or halt names the method in a constant-pool entry "exit"/"halt"; most cells
        // (and every start-up import) have neither, and skip ASM, which a start would otherwise load.
        if (!hasUtf8Constant(bytecode, "exit") && !hasUtf8Constant(bytecode, "halt")) return bytecode;
        ClassReader reader = new ClassReader(bytecode);
        // the replacements take the same operands from the stack: no frame or max-stack change
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                        String target = replacement(owner, name, descriptor);
                        if (target == null) {
                            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                            return;
                        }
                        changed[0] = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, target, staticDescriptor(owner), false);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
                        Object[] copy = args.clone();
                        for (int i = 0; i < copy.length; i++) copy[i] = handle(copy[i], changed);
                        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, copy);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(handle(value, changed));
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : bytecode;
    }

    /**
     * Whether the class file holds the CONSTANT_Utf8 entry {@code text} (ASCII): tag 1, a two-byte
     * length, the bytes. Never false for a class that has it; the rare false hit only costs a rewrite.
     */
    static boolean hasUtf8Constant(byte[] classFile, String text) {
        int n = text.length();
        outer:
        for (int i = 0; i + 3 + n <= classFile.length; i++) {
            if (classFile[i] != 1 || classFile[i + 1] != (byte) (n >> 8) || classFile[i + 2] != (byte) n) continue;
            for (int k = 0; k < n; k++) if (classFile[i + 3 + k] != (byte) text.charAt(k)) continue outer;
            return true;
        }
        return false;
    }

    /** A method handle constant (a method reference such as System::exit) pointing at an exit. */
    private static Object handle(Object constant, boolean[] changed) {
        if (!(constant instanceof Handle)) return constant;
        Handle h = (Handle) constant;
        String target = replacement(h.getOwner(), h.getName(), h.getDesc());
        if (target == null) return constant;
        changed[0] = true;
        return new Handle(Opcodes.H_INVOKESTATIC, SELF, target, staticDescriptor(h.getOwner()), false);
    }

    private static String replacement(String owner, String name, String descriptor) {
        if (!"(I)V".equals(descriptor)) return null;
        if ("java/lang/System".equals(owner) && "exit".equals(name)) return "systemExit";
        if ("java/lang/Runtime".equals(owner) && "exit".equals(name)) return "runtimeExit";
        if ("java/lang/Runtime".equals(owner) && "halt".equals(name)) return "runtimeHalt";
        return null;
    }

    private static String staticDescriptor(String owner) {
        return "java/lang/System".equals(owner) ? "(I)V" : "(Ljava/lang/Runtime;I)V";
    }
}
