package com.trueup.psa.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a PSA holds, independent of any wire format: companies, catalog, contracts and recurring lines, keyed by test
 * names ("c1", "p1", "k1", "l1"). A stub PSA renders it in its PSA's JSON (with its own ids) and applies writes to it,
 * so a test can ask what the PSA holds after a connector wrote.
 */
public final class PsaWorld {

    public enum Standing {
        ACTIVE,
        PROSPECT,
        INACTIVE
    }

    public enum ContractKind {
        RECURRING,
        NOT_RECURRING,
        ENDED
    }

    public record Company(String key, String name, Standing standing) {
        public boolean billable() {
            return standing == Standing.ACTIVE;
        }
    }

    public record Product(String key, String code, String name, BigDecimal price, BigDecimal cost) {}

    public record Contract(String key, String companyKey, String name, ContractKind kind) {
        public boolean billable() {
            return kind == ContractKind.RECURRING;
        }
    }

    /** A line; its quantity and cancellation change as connectors write. */
    public static final class Line {
        public final String key;
        public final String contractKey;
        public final String productKey;
        public final BigDecimal price;
        public final BigDecimal cost;
        public volatile BigDecimal quantity;
        public volatile boolean cancelled;

        Line(
                String key,
                String contractKey,
                String productKey,
                BigDecimal quantity,
                BigDecimal price,
                BigDecimal cost,
                boolean cancelled) {
            this.key = key;
            this.contractKey = contractKey;
            this.productKey = productKey;
            this.quantity = quantity;
            this.price = price;
            this.cost = cost;
            this.cancelled = cancelled;
        }

        @Override
        public String toString() {
            return key + "[" + contractKey + "/" + productKey + " " + quantity + (cancelled ? " cancelled" : "") + "]";
        }
    }

    private final Map<String, Company> companies = new LinkedHashMap<>();
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, Contract> contracts = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();

    public PsaWorld company(String key, String name, Standing standing) {
        companies.put(key, new Company(key, name, standing));
        return this;
    }

    public PsaWorld product(String key, String code, String name, String price, String cost) {
        products.put(key, new Product(key, code, name, new BigDecimal(price), new BigDecimal(cost)));
        return this;
    }

    public PsaWorld contract(String key, String companyKey, String name, ContractKind kind) {
        contracts.put(key, new Contract(key, companyKey, name, kind));
        return this;
    }

    public PsaWorld line(String key, String contractKey, String productKey, String quantity, boolean cancelled) {
        Product p = products.get(productKey);
        synchronized (lines) {
            lines.add(new Line(key, contractKey, productKey, new BigDecimal(quantity), p.price(), p.cost(), cancelled));
        }
        return this;
    }

    /** A line the PSA created on a connector's request; its key is "new1", "new2", ... */
    public Line create(String contractKey, String productKey, BigDecimal quantity, BigDecimal price, BigDecimal cost) {
        Line line = new Line("new" + created.incrementAndGet(), contractKey, productKey, quantity, price, cost, false);
        synchronized (lines) {
            lines.add(line);
        }
        return line;
    }

    /** Deletes a line from the PSA. */
    public void remove(String key) {
        synchronized (lines) {
            lines.removeIf(l -> l.key.equals(key));
        }
    }

    public List<Company> companies() {
        return List.copyOf(companies.values());
    }

    public List<Product> products() {
        return List.copyOf(products.values());
    }

    public List<Contract> contracts() {
        return List.copyOf(contracts.values());
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public Company company(String key) {
        return companies.get(key);
    }

    public Product product(String key) {
        return products.get(key);
    }

    public Contract contract(String key) {
        return contracts.get(key);
    }

    public Optional<Line> line(String key) {
        return lines().stream().filter(l -> l.key.equals(key)).findFirst();
    }

    public List<Line> linesOf(String contractKey) {
        return lines().stream().filter(l -> l.contractKey.equals(contractKey)).toList();
    }

    /** The lines of a product in a contract that are not cancelled. */
    public List<Line> activeLines(String contractKey, String productKey) {
        return lines().stream()
                .filter(l -> l.contractKey.equals(contractKey) && l.productKey.equals(productKey) && !l.cancelled)
                .toList();
    }

    /**
     * The world every contract scenario starts from: billable and non-billable companies (a prospect, an inactive
     * one), contracts (recurring, not recurring, ended), active and cancelled lines; every list longer than two items,
     * so a page size of 2 makes every list span several pages.
     */
    public static PsaWorld reference() {
        return new PsaWorld()
                .company("c1", "Acme Dental", Standing.ACTIVE)
                .company("c2", "Bayside Law", Standing.ACTIVE)
                .company("c3", "Cedar Clinic", Standing.ACTIVE)
                .company("c4", "Old Town Florist", Standing.PROSPECT)
                .company("c5", "Gone Ltd", Standing.INACTIVE)
                .product("p1", "KEEPER-BIZ", "Keeper Business", "3.50", "2.00")
                .product("p2", "KEEPER-BW", "Keeper BreachWatch", "1.25", "0.60")
                .product("p3", "KEEPER-SFS", "Keeper Secure File Storage", "2.00", "1.00")
                .contract("k1", "c1", "Managed Services", ContractKind.RECURRING)
                .contract("k2", "c2", "Managed Services", ContractKind.RECURRING)
                .contract("k3", "c3", "Managed Services", ContractKind.RECURRING)
                .contract("k4", "c1", "Rollout project", ContractKind.NOT_RECURRING)
                .contract("k5", "c2", "Old agreement", ContractKind.ENDED)
                .line("l1", "k1", "p1", "10", false)
                .line("l2", "k1", "p2", "10", false)
                .line("l3", "k2", "p1", "7", false)
                .line("l4", "k2", "p2", "3", true)
                .line("l5", "k3", "p1", "4", false)
                .line("l6", "k3", "p2", "2", false)
                .line("l7", "k4", "p1", "9", false);
    }

    /** The request-budget world: 200 companies, 20 products, 200 recurring contracts with 1,000 lines in all. */
    public static PsaWorld budget() {
        PsaWorld world = new PsaWorld();
        for (int p = 1; p <= 20; p++) {
            world.product("p" + p, "SKU-" + p, "Service " + p, "3.00", "1.50");
        }
        for (int c = 1; c <= 200; c++) {
            world.company("c" + c, "Company " + c, Standing.ACTIVE);
            world.contract("k" + c, "c" + c, "Managed Services", ContractKind.RECURRING);
            for (int l = 1; l <= 5; l++) {
                world.line("l" + c + "-" + l, "k" + c, "p" + ((c + l) % 20 + 1), Integer.toString(l), false);
            }
        }
        return world;
    }
}
