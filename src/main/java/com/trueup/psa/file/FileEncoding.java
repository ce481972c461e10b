package com.trueup.psa.file;

import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How an imported file's bytes are read. UTF-8 (a byte order mark is skipped) is checked strictly: bytes that are not
 * UTF-8 stop the import with "wrong encoding" and the row. Windows-1252 (the "ANSI" of Excel on Western Windows) is
 * read only when a profile chooses it.
 */
enum FileEncoding {
    UTF_8("UTF-8 (with or without a byte order mark)", StandardCharsets.UTF_8),
    WINDOWS_1252("Windows-1252 (Excel \"ANSI\" on Western Windows)", Charset.forName("windows-1252"));

    private final String label;
    private final Charset charset;

    FileEncoding(String label, Charset charset) {
        this.label = label;
        this.charset = charset;
    }

    String label() {
        return label;
    }

    CharsetDecoder decoder() {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static FileEncoding parse(String value) {
        if (value == null || value.isBlank()) {
            return UTF_8;
        }
        String v = value.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "UTF_8", "UTF8" -> UTF_8;
            case "WINDOWS_1252", "CP1252", "ANSI" -> WINDOWS_1252;
            default ->
                throw new com.trueup.shared.InvalidInputException(
                        "encoding", "Encoding must be UTF-8 or Windows-1252, not '" + value + "'");
        };
    }

    /** As the API spells it: UTF-8 or Windows-1252. */
    String apiName() {
        return this == UTF_8 ? "UTF-8" : "Windows-1252";
    }
}
