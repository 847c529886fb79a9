package io.objsync.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The start-up fast path of {@code objsync hash}: its arguments in their plain forms, parsed by hand. Building the
 * picocli model of even one command costs more than the JVM's own start (reflection over the annotations, ~190
 * picocli classes loaded and verified on every run), while a one-file hash has nothing to do but hash.
 *
 * <p>{@link #parse} accepts a strict subset of what {@link HashCommand}'s model accepts and returns {@code null}
 * for anything else (help, {@code --home}, {@code --}, {@code @files}, repeated or unknown options, attached or
 * out-of-range values, names starting with '-'), which {@link Main} then hands to picocli: usage, errors and
 * their exit statuses therefore come from one place. {@code HashArgsTest} checks the subset against the model
 * over every combination of options and malformed values.
 *
 * @param files   the FILE arguments, in order (none: standard input)
 * @param check   {@code -c}/{@code --check}
 * @param backend {@code --backend}, or null
 * @param threads {@code --threads}, or the available processors (the model's default)
 * @param noNames {@code --no-names}
 */
record HashArgs(List<String> files, boolean check, String backend, int threads, boolean noNames) {

    /** Longest --threads value taken here: nine digits always fit an int; longer ones go to picocli. */
    private static final int MAX_THREAD_DIGITS = 9;

    /**
     * {@code args} as {@code objsync hash ...} in a plain form, or {@code null} when picocli must parse them.
     *
     * @param args the whole command line, verb first
     */
    static HashArgs parse(String[] args) {
        if (args.length == 0 || !args[0].equals("hash")) {
            return null;
        }
        List<String> files = new ArrayList<>();
        boolean check = false;
        boolean noNames = false;
        String backend = null;
        int threads = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') {
                return null; // '@' names an argument file to picocli
            }
            if (a.charAt(0) != '-' || a.equals("-")) {
                files.add(a);
                continue;
            }
            switch (a) {
                case "-c", "--check" -> {
                    if (check) {
                        return null;
                    }
                    check = true;
                }
                case "--no-names" -> {
                    if (noNames) {
                        return null;
                    }
                    noNames = true;
                }
                case "--backend" -> {
                    if (backend != null || i + 1 == args.length || !HashRun.BACKENDS.contains(args[i + 1])) {
                        return null;
                    }
                    backend = args[++i];
                }
                case "--threads" -> {
                    if (threads != 0 || i + 1 == args.length) {
                        return null;
                    }
                    threads = positive(args[++i]);
                    if (threads == 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new HashArgs(List.copyOf(files), check, backend,
                threads != 0 ? threads : Runtime.getRuntime().availableProcessors(), noNames);
    }

    /** A plain decimal of at most nine digits and at least 1, else 0. */
    private static int positive(String s) {
        if (s.isEmpty() || s.length() > MAX_THREAD_DIGITS) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
