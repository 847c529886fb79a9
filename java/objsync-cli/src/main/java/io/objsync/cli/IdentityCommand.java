package io.objsync.cli;

import io.objsync.vault.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code objsync identity ...}: the keyring's identity signing key, kept owner-only in {@code <home>/keyring}.
 * Prints only the public key; the secret never leaves the keyring.
 */
@Command(name = "identity", description = "The identity key of this home's keyring.",
        subcommands = {IdentityCommand.New.class, IdentityCommand.Import.class})
final class IdentityCommand {
    @ParentCommand
    Main main;

    static Keyring keyring(Path home) {
        return Keyring.open(home.resolve("keyring"));
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        IdentityCommand parent;
        @Spec
        CommandSpec spec;
    }

    @Command(name = "new", description = "Create the identity from secure randomness and print its public key.")
    static final class New extends Sub {
        @Override
        public Integer call() {
            spec.commandLine().getOut().println(keyring(parent.main.home()).generateIdentity().toHex());
            return 0;
        }
    }

    @Command(name = "import", description = "Make the 32-byte secret in FILE the identity; print its public key.")
    static final class Import extends Sub {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (Files.size(file) != 32) {
                throw new IllegalArgumentException(file + " holds " + Files.size(file) + " bytes, not a 32-byte secret");
            }
            byte[] secret = Files.readAllBytes(file);
            try {
                spec.commandLine().getOut().println(keyring(parent.main.home()).importIdentity(secret).toHex());
            } finally {
                java.util.Arrays.fill(secret, (byte) 0);
            }
            return 0;
        }
    }
}
