package com.trueup.psa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the key that encrypts PSA credentials comes from: {@code TRUEUP_MASTER_KEY} (base64 of 32 random bytes) when
 * set, else the file {@code master.key} in the data directory, generated on first start and readable by the owner only.
 * The key itself is never logged. Several application instances must share the same key (set the variable).
 */
final class MasterKey {

    static final String FILE_NAME = "master.key";
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    private MasterKey() {}

    static byte[] load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), "TRUEUP_MASTER_KEY");
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot read or create the master key file " + file + " (set TRUEUP_MASTER_KEY instead): "
                            + e.getMessage(),
                    e);
        }
    }

    private static void generate(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[CredentialCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "master", ".tmp");
        try {
            ownerOnly(temp);
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link is created atomically and never replaces: an instance that won the race keeps its key
                Files.createLink(file, temp);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                Files.move(temp, file);
            }
            log.warn(
                    "Generated a new master key for PSA credentials at {}. Back this file up: without it the stored "
                            + "PSA credentials cannot be decrypted.",
                    file.toAbsolutePath());
        } catch (FileAlreadyExistsException e) {
            log.info("Another instance created the master key file first; using it");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            var f = path.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The master key from " + source + " is not valid base64");
        }
        if (key.length != CredentialCipher.KEY_BYTES) {
            throw new IllegalStateException("The master key from " + source + " must be 32 bytes (base64 of 32 random "
                    + "bytes, e.g. `openssl rand -base64 32`), not " + key.length);
        }
        return key;
    }
}
