package com.trueup.psa.file;

import com.trueup.shared.InstanceSettings;
import com.trueup.shared.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Uploaded files waiting for their columns to be mapped (the mapping page reads them again for each preview): kept on
 * disk under the data directory, per organisation, for a day at most, and deleted once imported. An upload belongs to
 * the connection it was made for; any other organisation or connection does not find it.
 */
@Component
class Uploads {

    static final Duration KEPT = Duration.ofDays(1);

    record Upload(UUID id, UUID connectionId, String fileName, Path path, long size) {

        InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /** Compared with the files' modification times, which the file system keeps in real time. */
    private static final Clock FILE_TIME = Clock.systemUTC();

    private final Path root;

    Uploads(InstanceSettings instance) {
        this.root = instance.dataDir().resolve("uploads");
    }

    Upload save(UUID tenantId, UUID connectionId, String fileName, InputStream content) {
        try {
            Path dir = root.resolve(tenantId.toString());
            Files.createDirectories(dir);
            removeOld(dir);
            UUID id = UUID.randomUUID();
            Path path = dir.resolve(id + ".csv");
            long size = Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
            String name = PsaText.fit(
                    fileName == null || fileName.isBlank() ? "upload.csv" : fileName.replace('\n', ' '), 300);
            Files.writeString(dir.resolve(id + ".name"), connectionId + "\n" + name, StandardCharsets.UTF_8);
            return new Upload(id, connectionId, name, path, size);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the uploaded file", e);
        }
    }

    Upload get(UUID tenantId, UUID connectionId, UUID uploadId) {
        Path dir = root.resolve(tenantId.toString());
        Path path = dir.resolve(uploadId + ".csv");
        Path meta = dir.resolve(uploadId + ".name");
        try {
            if (Files.isRegularFile(path) && Files.isRegularFile(meta)) {
                List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
                if (lines.size() == 2 && lines.get(0).equals(connectionId.toString())) {
                    return new Upload(uploadId, connectionId, lines.get(1), path, Files.size(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new NotFoundException(
                "The uploaded file " + uploadId + " is gone (uploads are kept for a day): upload it again.");
    }

    void delete(UUID tenantId, UUID uploadId) {
        Path dir = root.resolve(tenantId.toString());
        try {
            Files.deleteIfExists(dir.resolve(uploadId + ".csv"));
            Files.deleteIfExists(dir.resolve(uploadId + ".name"));
        } catch (IOException e) {
            // a leftover is removed with the old ones
        }
    }

    private void removeOld(Path dir) throws IOException {
        long cutoff = FILE_TIME.millis() - KEPT.toMillis();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis() < cutoff;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            // try again next time
                        }
                    });
        }
    }
}
