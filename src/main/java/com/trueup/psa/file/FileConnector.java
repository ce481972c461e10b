package com.trueup.psa.file;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.SnapshotSink;
import org.springframework.stereotype.Component;

/**
 * A PSA TrueUp has no connector for: its companies, catalog, contracts and recurring lines come from CSV files the user
 * exports from it and imports (see {@link FileImports}); nothing is read from or written to an API. Its descriptor
 * declares no API reads, so every sync takes all four parts from the connection's imported files.
 */
@Component
class FileConnector implements PsaConnector {

    static final String TYPE = "file";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Other PSA (CSV files)")
            .description("Any PSA or billing system that exports its recurring contracts to CSV: import the export, "
                    + "map its columns once, and reconcile. No credentials, no API.")
            .setupHelp("Nothing to set up in the PSA: export its recurring contract lines (or agreements) to CSV and "
                    + "import the file on this connection's Import files page. Import again whenever the PSA changes.")
            .capabilities(Capabilities.builder()
                    .limitation(
                            "Reads nothing from an API: companies, catalog, contracts and recurring lines come from "
                                    + "the CSV files you import.")
                    .limitation("Cannot write to the PSA: approved changes are applied in the PSA by hand.")
                    .build())
            .build();

    private final FileRows rows;

    FileConnector(FileRows rows) {
        this.rows = rows;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PsaClient open(ConnectorContext context) {
        return new PsaClient() {
            @Override
            public String testConnection() {
                if (context.connectionId() == null) {
                    return "Files need no connection: save it, then import a CSV export of your PSA.";
                }
                var counts = rows.counts(context.tenantId(), context.connectionId());
                if (counts.isEmpty()) {
                    return "Nothing imported yet: import a CSV export of your PSA on the Import files page.";
                }
                return "Imported from files: "
                        + String.join(
                                ", ",
                                counts.entrySet().stream()
                                        .map(e -> e.getValue() + " "
                                                + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                                        .toList())
                        + ".";
            }

            @Override
            public void readSnapshot(SnapshotSink sink) {
                // nothing comes from an API: the sync takes every part from the imported files
            }
        };
    }
}
