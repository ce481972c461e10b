package com.trueup.psa.file;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file record by record from a stream (RFC 4180: quoted values may hold the delimiter, quotes doubled,
 * line breaks), never holding more than one record: a 50 MB file takes the memory of its longest row. A UTF-8 byte
 * order mark is skipped; bytes that are not valid in the chosen encoding stop the reading with "wrong encoding" and the
 * row. {@link #row()} is the line number the last record started on (1 = the file's first line).
 */
final class CsvRecords implements Closeable {

    static final int MAX_COLUMNS = 200;
    static final int MAX_VALUE_LENGTH = 10_000;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean inputEnded;
    private boolean badBytesAhead;
    private boolean drained;
    private final char delimiter;
    private final FileEncoding encoding;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int length;
    private int line = 1;
    private int recordRow;
    private boolean ended;
    private final StringBuilder value = new StringBuilder();
    private final ArrayList<String> values = new ArrayList<>();
    private List<String> headers = List.of();

    private CsvRecords(InputStream in, char delimiter, FileEncoding encoding) {
        this.in = in;
        this.decoder = encoding.decoder();
        this.delimiter = delimiter;
        this.encoding = encoding;
    }

    /** Opens the stream; the caller closes the returned reader (which closes the stream). */
    static CsvRecords open(InputStream raw, FileEncoding encoding, char delimiter) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        boolean utf8Bom = b1 == 0xEF && b2 == 0xBB && b3 == 0xBF;
        if (!utf8Bom) {
            in.reset();
        }
        if ((b1 == 0xFF && b2 == 0xFE) || (b1 == 0xFE && b2 == 0xFF)) {
            in.close();
            throw new ImportError(
                    "wrong-encoding",
                    1,
                    null,
                    "The file is UTF-16 (wrong encoding): save it as CSV UTF-8 " + "and upload it again.");
        }
        FileEncoding effective = utf8Bom ? FileEncoding.UTF_8 : encoding;
        return new CsvRecords(in, delimiter, effective);
    }

    /** Column headers used to name columns in errors (set once the header row is read). */
    void headers(List<String> names) {
        headers = List.copyOf(names);
    }

    int row() {
        return recordRow;
    }

    /** The next record's values (a blank line gives one empty value), or null at the end of the file. */
    List<String> next() {
        if (ended) {
            return null;
        }
        values.clear();
        value.setLength(0);
        recordRow = line;
        int c = read();
        if (c == -1) {
            ended = true;
            return null;
        }
        boolean quoted = false;
        boolean atStart = true;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new ImportError(
                            "bad-csv",
                            recordRow,
                            columnName(values.size()),
                            "a quoted value starts here and is never closed (a \" is missing)");
                }
                if (c == '"') {
                    int next = peek();
                    if (next == '"') {
                        read();
                        append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (c == '\r') {
                        line++;
                        if (peek() == '\n') {
                            read();
                            append('\r');
                            c = '\n';
                        }
                    }
                    append((char) c);
                }
            } else if (c == delimiter) {
                endValue();
                atStart = true;
                c = read();
                continue;
            } else if (c == '"' && atStart) {
                quoted = true;
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != -1) {
                    line++;
                } else {
                    ended = true;
                }
                endValue();
                return values;
            } else {
                append((char) c);
            }
            atStart = false;
            c = read();
        }
    }

    private void append(char c) {
        if (value.length() >= MAX_VALUE_LENGTH) {
            throw new ImportError(
                    "bad-csv",
                    recordRow,
                    columnName(values.size()),
                    "a value is longer than " + MAX_VALUE_LENGTH + " characters (is the delimiter right?)");
        }
        value.append(c);
    }

    private void endValue() {
        if (values.size() >= MAX_COLUMNS) {
            throw new ImportError(
                    "too-many-columns", recordRow, null, "the row has more than " + MAX_COLUMNS + " columns");
        }
        values.add(value.toString());
        value.setLength(0);
    }

    private String columnName(int index) {
        return index < headers.size() ? headers.get(index) : "column " + (index + 1);
    }

    private int peek() {
        if (position == length && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private int read() {
        if (position == length && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    /** Decodes the next chunk; chars before bad bytes are handed out first, so the error names the right row. */
    private boolean fill() {
        if (badBytesAhead) {
            throw wrongEncoding();
        }
        if (drained) {
            return false;
        }
        CharBuffer chars = CharBuffer.wrap(buffer);
        try {
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, inputEnded);
                if (result.isError()) {
                    if (chars.position() == 0) {
                        throw wrongEncoding();
                    }
                    badBytesAhead = true;
                    break;
                }
                if (result.isOverflow() || chars.position() > 0) {
                    break;
                }
                if (inputEnded) {
                    decoder.flush(chars);
                    drained = true;
                    break;
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    inputEnded = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        position = 0;
        length = chars.position();
        return length > 0;
    }

    private ImportError wrongEncoding() {
        return new ImportError(
                "wrong-encoding",
                line,
                columnName(values.size()),
                "the file is not "
                        + encoding.apiName() + " (wrong encoding)"
                        + (encoding == FileEncoding.UTF_8
                                ? ": save it as CSV UTF-8, or choose Windows-1252 in the import profile if it comes from Excel's \"CSV\""
                                : ""));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the first records of a file as they are, for a preview: at most {@code rows} records. */
    static List<List<String>> head(InputStream raw, FileEncoding encoding, char delimiter, int rows)
            throws IOException {
        List<List<String>> head = new ArrayList<>();
        try (CsvRecords records = open(raw, encoding, delimiter)) {
            List<String> record;
            while (head.size() < rows && (record = records.next()) != null) {
                head.add(List.copyOf(record));
            }
        }
        return head;
    }

    /** The delimiter that splits the file's first line into most columns, of , ; tab and |. */
    static char guessDelimiter(byte[] start) {
        String text = new String(start, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long most = 0;
        for (char d : new char[] {',', ';', '\t', '|'}) {
            long n = first.chars().filter(ch -> ch == d).count();
            if (n > most) {
                most = n;
                best = d;
            }
        }
        return best;
    }
}
