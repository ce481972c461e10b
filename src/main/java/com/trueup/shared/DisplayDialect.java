package com.trueup.shared;

import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * {@link Display} as the {@code #display} expression object of every template ({@code ${#display.money(total)}}), so
 * pages format figures as messages and files do, whatever the request's or the server's locale.
 */
@Component
class DisplayDialect extends AbstractDialect implements IExpressionObjectDialect {

    private static final String NAME = "display";
    private static final Display DISPLAY = new Display();

    DisplayDialect() {
        super("TrueUp display");
    }

    @Override
    public IExpressionObjectFactory getExpressionObjectFactory() {
        return new IExpressionObjectFactory() {

            @Override
            public Set<String> getAllExpressionObjectNames() {
                return Set.of(NAME);
            }

            @Override
            public Object buildObject(IExpressionContext context, String expressionObjectName) {
                return NAME.equals(expressionObjectName) ? DISPLAY : null;
            }

            @Override
            public boolean isCacheable(String expressionObjectName) {
                return true;
            }
        };
    }
}
