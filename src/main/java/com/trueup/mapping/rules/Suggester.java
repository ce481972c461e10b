package com.trueup.mapping.rules;

import com.trueup.mapping.rules.MappingBoard.PsaItem;
import com.trueup.mapping.rules.MappingBoard.Suggestion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Close matches for unmapped items: exact names (blocked or ambiguous ones) first, then similar names. */
final class Suggester {

    static final int MAX_SUGGESTIONS = 3;

    private final List<PsaItem> items;
    private final List<NameSimilarity.Prepared> prepared;

    Suggester(List<PsaItem> items) {
        this.items = items;
        this.prepared =
                items.stream().map(i -> NameSimilarity.Prepared.of(i.name())).toList();
    }

    List<Suggestion> suggest(String vendorName) {
        String exact = NameSimilarity.exactKey(vendorName);
        NameSimilarity.Prepared name = NameSimilarity.Prepared.of(vendorName);
        List<Suggestion> found = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            PsaItem item = items.get(i);
            if (Objects.equals(exact, NameSimilarity.exactKey(item.name()))) {
                found.add(new Suggestion(item, 100));
                continue;
            }
            double score = NameSimilarity.score(name, prepared.get(i));
            if (score >= NameSimilarity.SUGGESTION_THRESHOLD) {
                // Only the exact name scores 100; anything else is at most 99 %.
                found.add(new Suggestion(item, (int) Math.min(99, Math.round(score * 100))));
            }
        }
        found.sort(Comparator.comparingInt(Suggestion::score)
                .reversed()
                .thenComparing(s -> s.item().name(), MappingBoards.BY_NAME));
        return found.size() > MAX_SUGGESTIONS ? List.copyOf(found.subList(0, MAX_SUGGESTIONS)) : found;
    }
}
