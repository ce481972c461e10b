package com.trueup.psa.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Sandbox demo data, built to sit next to the Keeper simulator's clients and SKUs: the same company names except
 * three near-misses (manual mapping) and no "Horizon Travel Co" (the client the simulator adds mid-month), two PSA-only
 * companies, the Keeper catalog with one near-miss name, "Managed Services" recurring contracts with Keeper lines, one
 * cancelled line and one non-recurring contract that reconciliation must ignore. docs/psa.md lists the quantities.
 */
final class SandboxDemoData {

    private SandboxDemoData() {}

    record DemoProduct(String name, String identifier, String price, String cost) {}

    /** A line of the company's contract; {@code cancelled} lines stay in the PSA but are not billed. */
    record DemoLine(String identifier, int quantity, boolean cancelled) {}

    record DemoContract(String name, String type, List<DemoLine> lines) {}

    record DemoCompany(String name, String status, List<DemoContract> contracts) {}

    static final List<DemoProduct> PRODUCTS = List.of(
            new DemoProduct("Keeper Business", "KEEPER-BIZ", "5.00", "3.25"),
            new DemoProduct("Keeper Enterprise", "KEEPER-ENT", "7.50", "4.50"),
            new DemoProduct("Advanced Reporting & Alerts", "KEEPER-ARAM", "1.50", "0.90"),
            new DemoProduct("Compliance Reports", "KEEPER-COMP", "1.00", "0.60"),
            new DemoProduct("BreachWatch", "KEEPER-BW", "2.00", "1.20"),
            new DemoProduct("Keeper Secure File Storage 100GB", "KEEPER-SFS", "1.25", "0.75"),
            new DemoProduct("Managed Backup", "BACKUP-M", "15.00", "9.00"),
            new DemoProduct("Email Security", "EMAIL-SEC", "3.00", "1.80"));

    static final List<DemoCompany> COMPANIES = List.of(
            managed("Acme Dental Group, LLC", line("KEEPER-BIZ", 12), line("KEEPER-BW", 12), line("BACKUP-M", 1)),
            managed("Blue Ridge Logistics", line("KEEPER-BIZ", 25), line("EMAIL-SEC", 25)),
            managed("Cedar Creek Veterinary", line("KEEPER-BIZ", 8)),
            managed("Harbor Point Marine Inc.", line("KEEPER-ENT", 15), line("KEEPER-ARAM", 15)),
            managed(
                    "Summit Legal Partners",
                    line("KEEPER-ENT", 30),
                    line("KEEPER-COMP", 30),
                    line("KEEPER-BW", 30),
                    line("BACKUP-M", 1)),
            managed("Pinecrest Family Medicine", line("KEEPER-BIZ", 18), line("KEEPER-SFS", 2)),
            managed("Redwood Architecture", line("KEEPER-BIZ", 10)),
            managed("Lakeside Credit Union", line("KEEPER-BIZ", 60), line("KEEPER-COMP", 40)),
            managed("Granite State Realty", line("KEEPER-BIZ", 14)),
            managed("Evergreen Schools Foundation", line("KEEPER-ENT", 45), new DemoLine("KEEPER-BW", 45, true)),
            managed("Maple Street Bakery", line("KEEPER-BIZ", 4)),
            managed("Ironclad Manufacturing", line("KEEPER-BIZ", 35), line("KEEPER-ARAM", 35), line("BACKUP-M", 2)),
            managed("Silverline Insurance Agency", line("KEEPER-BIZ", 16), line("EMAIL-SEC", 16)),
            new DemoCompany(
                    "Oakridge Accounting",
                    "active",
                    List.of(
                            new DemoContract("Managed Services", "recurring", List.of(line("KEEPER-BIZ", 9))),
                            new DemoContract("Keeper rollout project", "one-time", List.of(line("KEEPER-BIZ", 9))))),
            managed("Brightwater Dental", line("KEEPER-BIZ", 11)),
            managed("Coastal Property Management", line("BACKUP-M", 1), line("EMAIL-SEC", 12)),
            managed("Northwind Traders", line("KEEPER-BIZ", 20), line("KEEPER-SFS", 1)),
            managed("Riverbend Orthopedics", line("KEEPER-ENT", 22)),
            managed("Sterling and Hale CPAs", line("KEEPER-BIZ", 13), line("KEEPER-COMP", 13)),
            managed("Trailhead Outfitters", line("KEEPER-BIZ", 7)),
            managed("Valley Grove Church", line("KEEPER-BIZ", 5)),
            managed("Westfield Auto Group", line("KEEPER-BIZ", 28), line("KEEPER-BW", 28)),
            managed("Willow Creek Assisted Living", line("KEEPER-BIZ", 19)),
            managed("Fairview Engineering", line("KEEPER-ENT", 26)),
            managed("TrueUp Demo MSP (internal)", line("EMAIL-SEC", 5)),
            new DemoCompany(
                    "Old Town Florist",
                    "prospect",
                    List.of(new DemoContract("Managed Services", "recurring", List.of(line("KEEPER-BIZ", 3))))));

    private static DemoCompany managed(String name, DemoLine... lines) {
        return new DemoCompany(
                name, "active", List.of(new DemoContract("Managed Services", "recurring", List.of(lines))));
    }

    private static DemoLine line(String identifier, int quantity) {
        return new DemoLine(identifier, quantity, false);
    }

    /** Writes the demo data into an empty sandbox; lines take effect on {@code effectiveDate}. */
    static SandboxStore.Counts load(
            SandboxStore store, UUID tenantId, UUID connectionId, LocalDate effectiveDate, String actor) {
        Map<String, UUID> products = new HashMap<>();
        for (DemoProduct p : PRODUCTS) {
            products.put(
                    p.identifier(),
                    store.addProduct(
                            tenantId,
                            connectionId,
                            p.identifier(),
                            p.name(),
                            new BigDecimal(p.price()),
                            new BigDecimal(p.cost())));
        }
        for (DemoCompany company : COMPANIES) {
            UUID companyId = store.addCompany(tenantId, connectionId, company.name(), company.status());
            for (DemoContract contract : company.contracts()) {
                UUID contractId = store.addContract(
                        tenantId, connectionId, companyId, contract.name(), contract.type(), "active");
                for (DemoLine line : contract.lines()) {
                    UUID lineId = store.addLine(
                            tenantId,
                            connectionId,
                            contractId,
                            products.get(line.identifier()),
                            BigDecimal.valueOf(line.quantity()),
                            null,
                            null,
                            effectiveDate,
                            "demo-data",
                            actor,
                            null);
                    if (line.cancelled()) {
                        store.updateLine(
                                tenantId, connectionId, lineId, null, null, null, true, null, "demo-data", actor, null);
                    }
                }
            }
        }
        return store.counts(tenantId, connectionId);
    }
}
