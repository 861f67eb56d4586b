package org.renraku.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.audit.entity.AuditKind;

/**
 * Keys that pages and beans do not name literally, so PagesTest cannot see them: the refusals of the account
 * boundaries ({@link AccountException}, {@link PasswordPolicy.Violation}), shown through
 * {@code Messages.add(…, e.key(), min, max)}, and the audit kinds ({@code audit.kind.<KIND>} on the audit page).
 */
class AccountTextsTest {

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyRefusalOfTheAccountBoundariesShouldHaveATextThatFormatsWithTheLimits(String file) throws Exception {
        Map<String, String> texts = BundlesTest.load(file);
        Locale locale = Locale.forLanguageTag(file.substring(file.indexOf('_') + 1));
        for (String key : refusalKeys()) {
            assertThat(texts).as(file).containsKey(key);
            String text = new MessageFormat(texts.get(key), locale)
                    .format(new Object[] {PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH});
            assertThat(text).as(key + ": formatted with arguments, a lone quote swallows the rest; write ''")
                    .doesNotContain("{", "}");
        }
        assertThat(texts.get("password.policy.error.tooShort")).contains("{0}");
        assertThat(texts.get("password.policy.error.tooLong")).contains("{1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyAuditKindShouldHaveAName(String file) throws IOException {
        Map<String, String> texts = BundlesTest.load(file);
        for (AuditKind kind : AuditKind.values()) {
            assertThat(texts).as(file).containsKey("audit.kind." + kind.name());
        }
    }

    private static List<String> refusalKeys() throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field field : AccountException.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                keys.add((String) field.get(null));
            }
        }
        for (PasswordPolicy.Violation violation : PasswordPolicy.Violation.values()) {
            keys.add(violation.key());
        }
        assertThat(keys).contains("admins.error.userIdTaken", "password.policy.error.common");
        return keys;
    }
}
