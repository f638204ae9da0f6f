package dev.gpsreplay.domain;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF, CRLF or CR ends) but never holds more than a given number of characters of one line:
 * the rest of a longer line is skipped and the line is reported as too long. A file of one endless
 * line therefore costs a bounded buffer, not the heap.
 */
final class BoundedLineReader {

    /** A line read, or {@code text == null} when it was longer than the limit. */
    record Line(long number, String text) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader in;
    private final int maxLength;
    private final StringBuilder buffer = new StringBuilder();
    private final char[] chunk = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean pendingCarriageReturn;

    BoundedLineReader(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** @return the next line, or null at the end of the text */
    Line next() throws IOException {
        buffer.setLength(0);
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? line(tooLong) : null;
            }
            char c = chunk[position++];
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n' || c == '\r') {
                pendingCarriageReturn = c == '\r';
                return line(tooLong);
            }
            if (buffer.length() < maxLength) {
                buffer.append(c);
            } else {
                tooLong = true;
            }
        }
    }

    private Line line(boolean tooLong) {
        lineNumber++;
        return new Line(lineNumber, tooLong ? null : buffer.toString());
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk);
        while (read == 0) {
            read = in.read(chunk);
        }
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
