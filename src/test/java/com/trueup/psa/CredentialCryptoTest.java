package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCryptoTest {

    private static final byte[] ROW = "psa-credentials:tenant-a:connection-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "{\"privateKey\":\"hunter2-very-secret\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void roundTripWithAFreshNonceEachTime() {
        var cipher = new CredentialCipher(randomKey());
        byte[] first = cipher.encrypt(SECRET, ROW);
        byte[] second = cipher.encrypt(SECRET, ROW);
        assertThat(cipher.decrypt(first, ROW)).isEqualTo(SECRET);
        assertThat(cipher.decrypt(second, ROW)).isEqualTo(SECRET);
        assertThat(first).isNotEqualTo(second);
        assertThat(java.util.Arrays.copyOfRange(first, 1, 13))
                .isNotEqualTo(java.util.Arrays.copyOfRange(second, 1, 13));
        assertThat(first).hasSize(1 + 12 + SECRET.length + 16);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    }

    @Test
    void anyChangedByteIsDetected() {
        var cipher = new CredentialCipher(randomKey());
        byte[] stored = cipher.encrypt(SECRET, ROW);
        for (int i = 1; i < stored.length; i++) {
            byte[] tampered = stored.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(tampered, ROW))
                    .as("byte %d", i)
                    .isInstanceOf(CredentialCipher.UnreadableException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(stored, stored.length - 1);
        assertThatThrownBy(() -> cipher.decrypt(truncated, ROW))
                .isInstanceOf(CredentialCipher.UnreadableException.class);
        byte[] otherVersion = stored.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> cipher.decrypt(otherVersion, ROW))
                .isInstanceOf(CredentialCipher.UnreadableException.class)
                .hasMessageContaining("format");
    }

    @Test
    void anotherKeyOrAnotherRowCannotDecrypt() {
        byte[] stored = new CredentialCipher(randomKey()).encrypt(SECRET, ROW);
        assertThatThrownBy(() -> new CredentialCipher(randomKey()).decrypt(stored, ROW))
                .isInstanceOf(CredentialCipher.UnreadableException.class)
                .hasMessageContaining("master key");
        byte[] key = randomKey();
        byte[] mine = new CredentialCipher(key).encrypt(SECRET, ROW);
        byte[] otherRow = "psa-credentials:tenant-b:connection-1".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new CredentialCipher(key).decrypt(mine, otherRow))
                .isInstanceOf(CredentialCipher.UnreadableException.class);
    }

    @Test
    void keysMustBe32Bytes() {
        assertThatThrownBy(() -> new CredentialCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masterKeyFromTheEnvironmentIsValidated(@TempDir Path dir) {
        byte[] key = randomKey();
        assertThat(MasterKey.load(Base64.getEncoder().encodeToString(key), dir)).isEqualTo(key);
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> MasterKey.load("not base64 !!", dir)).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> MasterKey.load(Base64.getEncoder().encodeToString(new byte[16]), dir))
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void masterKeyFileIsGeneratedOnceAndReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        byte[] generated = MasterKey.load("", data);
        assertThat(generated).hasSize(32);
        Path file = data.resolve(MasterKey.FILE_NAME);
        assertThat(file).exists();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(MasterKey.load(null, data)).isEqualTo(generated);
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(file);
        }
        // what is encrypted with the generated key decrypts after a restart
        byte[] stored = new CredentialCipher(generated).encrypt(SECRET, ROW);
        assertThat(new CredentialCipher(MasterKey.load("", data)).decrypt(stored, ROW))
                .isEqualTo(SECRET);
    }
}
