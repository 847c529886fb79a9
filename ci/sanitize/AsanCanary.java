import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * ci/sanitize.sh's proof that the sanitizer really watches the library inside a JVM: asks the sanitized library
 * for a 32-byte hash into a 24-byte native buffer, an overflow AddressSanitizer must report (the process then
 * exits non-zero). Should the call return, the setup is not sanitizing and this exits with 0, which the script
 * treats as a failure. Usage: java --enable-native-access=ALL-UNNAMED AsanCanary.java LIBRARY
 */
public class AsanCanary {
    public static void main(String[] args) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(args[0]), arena);
            MethodHandle hash = Linker.nativeLinker().downcallHandle(lib.find("objsync_blake3_hash").orElseThrow(),
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
            MemorySegment in = arena.allocate(1);
            MemorySegment out = arena.allocate(24);
            hash.invokeExact(MemorySegment.NULL, 0, in, 1L, out, 32L);
            System.out.println("AsanCanary: a 32-byte write into a 24-byte buffer went unreported");
        }
    }
}
