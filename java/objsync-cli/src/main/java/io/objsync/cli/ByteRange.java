package io.objsync.cli;

import picocli.CommandLine;

/** A byte range given as {@code START..END} (end exclusive; either side may be omitted). */
record ByteRange(long start, long end) {

    static final ByteRange ALL = new ByteRange(0, Long.MAX_VALUE);

    /** picocli converter for {@code START..END}, {@code START..} and {@code ..END}. */
    static final class Converter implements CommandLine.ITypeConverter<ByteRange> {
        @Override
        public ByteRange convert(String value) {
            int dots = value.indexOf("..");
            if (dots < 0) {
                throw new CommandLine.TypeConversionException("expected START..END, got '" + value + "'");
            }
            try {
                long start = dots == 0 ? 0 : Long.parseLong(value.substring(0, dots));
                String e = value.substring(dots + 2);
                long end = e.isEmpty() ? Long.MAX_VALUE : Long.parseLong(e);
                if (start < 0 || end < start) {
                    throw new CommandLine.TypeConversionException("empty or negative range '" + value + "'");
                }
                return new ByteRange(start, end);
            } catch (NumberFormatException ex) {
                throw new CommandLine.TypeConversionException("bad number in '" + value + "'");
            }
        }
    }
}
