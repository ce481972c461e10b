package com.trueup.shared;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * This TrueUp instance ({@code trueup.*}): where it keeps its files, its public address and the largest upload.
 * {@code data-dir} and {@code max-upload-size} have their defaults in application.yml, because Spring's own datasource
 * and multipart settings read them there; every other default is on its settings record.
 *
 * @param dataDir where the embedded H2 database, the generated master key and pending uploads live
 * @param maxUploadSize the largest file upload (PSA CSV imports, vendor CSV files); uploads are streamed to disk, so
 *        this bounds disk use, not memory
 * @param publicUrl TrueUp's external address (e.g. https://trueup.example.com), shown as the Vendor API's base URL;
 *        empty: taken from the request
 */
@Validated
@ConfigurationProperties("trueup")
public record InstanceSettings(
        @NotNull Path dataDir,
        @NotNull DataSize maxUploadSize,
        @DefaultValue("") String publicUrl) {}
