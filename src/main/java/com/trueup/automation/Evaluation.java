package com.trueup.automation;

import com.trueup.reconciliation.AutomaticApprovals.PendingLine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which rule decides each waiting line, and what it decides. The first rule, by position, whose scope covers a line
 * decides it (a rule placed above a wider one takes its lines, with its own guard-rails); its guards approve the line or
 * hold it with every reason. Pure: everything it needs is passed in.
 */
final class Evaluation {

    private Evaluation() {}

    /** How old the organisation's data is at {@code now}: the newest data of each vendor integration and the PSA snapshot. */
    record Freshness(Instant now, Map<UUID, Instant> vendorLastHeard, Instant psaRefreshedAt) {

        Duration vendorAge(PendingLine line) {
            Duration oldest = null;
            Set<UUID> integrations = line.integrationIds().isEmpty() && line.integrationId() != null
                    ? Set.of(line.integrationId())
                    : line.integrationIds();
            for (UUID integration : integrations) {
                Instant heard = vendorLastHeard.get(integration);
                if (heard == null) {
                    return null;
                }
                Duration age = Duration.between(heard, now);
                oldest = oldest == null || age.compareTo(oldest) > 0 ? age : oldest;
            }
            return oldest;
        }

        Duration psaAge() {
            return psaRefreshedAt == null ? null : Duration.between(psaRefreshedAt, now);
        }
    }

    /** The decision of a rule on one line: approve, or hold with the reasons. */
    record Decision(PendingLine line, boolean approve, List<String> reasons) {

        public String reason() {
            return String.join("; ", reasons);
        }
    }

    /**
     * What {@code rule} decides when the rules {@code live} (those switched on) and {@code rule} itself are checked in
     * order; {@code coveredAbove} counts the lines in its scope that a rule above it takes. {@code approvedBefore}: the
     * quantities rules already approved per line (a line that asks for one of them again was reversed or changed by a
     * person: left to people).
     */
    record Result(Rule rule, List<Decision> decisions, int coveredAbove) {

        public List<Decision> approvals() {
            return decisions.stream().filter(Decision::approve).toList();
        }

        public List<Decision> holds() {
            return decisions.stream().filter(d -> !d.approve()).toList();
        }
    }

    static Result evaluate(
            Rule rule,
            List<Rule> live,
            List<PendingLine> lines,
            Freshness freshness,
            Map<UUID, List<BigDecimal>> approvedBefore) {
        List<Rule> order = new ArrayList<>(
                live.stream().filter(r -> !r.id().equals(rule.id())).toList());
        order.add(rule);
        order.sort(Comparator.comparingInt(Rule::position).thenComparing(Rule::createdAt));
        List<Decision> decisions = new ArrayList<>();
        int coveredAbove = 0;
        for (PendingLine line : lines) {
            Rule decider = decider(order, line);
            if (decider == null) {
                continue;
            }
            if (!decider.id().equals(rule.id())) {
                coveredAbove += rule.scope().covers(line) ? 1 : 0;
                continue;
            }
            List<String> reasons =
                    new ArrayList<>(rule.guards().breaches(line, freshness.vendorAge(line), freshness.psaAge()));
            for (BigDecimal earlier : approvedBefore.getOrDefault(line.id(), List.of())) {
                if (earlier.compareTo(line.quantityToWrite()) == 0) {
                    reasons.add("a rule already approved " + Guards.plain(earlier) + " for this line and the PSA bills "
                            + Guards.plain(line.psaQuantity())
                            + " again (reversed, changed in the PSA or not written): "
                            + "left for a person");
                    break;
                }
            }
            decisions.add(new Decision(line, reasons.isEmpty(), reasons));
        }
        return new Result(rule, decisions, coveredAbove);
    }

    /** The first of {@code rules} (in order) covering the line, or null. */
    static Rule decider(List<Rule> rules, PendingLine line) {
        for (Rule r : rules) {
            if (r.scope().covers(line)) {
                return r;
            }
        }
        return null;
    }
}
