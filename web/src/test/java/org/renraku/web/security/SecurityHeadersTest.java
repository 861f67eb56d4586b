package org.renraku.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The policy and caching rules of {@link SecurityHeaders}, and that PrimeFaces gets the same policy for the Faces
 * pages that it sends for every other response.
 */
class SecurityHeadersTest {

    @Test
    void primeFacesPolicyShouldBeTheFiltersPolicyWithScriptSrcLastForTheNonce() throws IOException {
        String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"));
        Matcher csp = Pattern.compile("<param-name>primefaces\\.CSP</param-name>\\s*<param-value>([^<]*)</param-value>")
                .matcher(webXml);
        assertThat(csp.find()).isTrue();
        assertThat(csp.group(1)).isEqualTo("true");
        Matcher policy = Pattern.compile(
                "<param-name>primefaces\\.CSP_POLICY</param-name>\\s*<param-value>([^<]*)</param-value>").matcher(webXml);
        assertThat(policy.find()).isTrue();
        assertThat(policy.group(1).replace("&apos;", "'")).isEqualTo(SecurityHeaders.POLICY);
        assertThat(SecurityHeaders.POLICY).endsWith("script-src 'self'");
    }

    @Test
    void policyShouldAllowNoInlineScriptNoPluginsNoFramingAndNoForeignForms() {
        assertThat(SecurityHeaders.POLICY).contains("default-src 'self'", "object-src 'none'", "base-uri 'self'",
                "frame-ancestors 'none'", "form-action 'self'");
        String scriptSrc = SecurityHeaders.POLICY.substring(SecurityHeaders.POLICY.indexOf("script-src"));
        assertThat(scriptSrc).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    void onlyStaticResourcesShouldBeCacheable() {
        assertThat(SecurityHeaders.isStaticResource("/jakarta.faces.resource/theme.css.xhtml")).isTrue();
        assertThat(SecurityHeaders.isStaticResource("/resources/renraku/css/renraku.css")).isTrue();
        assertThat(SecurityHeaders.isStaticResource("/member/page.xhtml")).isFalse();
        assertThat(SecurityHeaders.isStaticResource("/console/index.xhtml")).isFalse();
        assertThat(SecurityHeaders.isStaticResource("/error/404.xhtml")).isFalse();
        assertThat(SecurityHeaders.isStaticResource("/index.xhtml")).isFalse();
    }

    @Test
    void errorPagesOpenedDirectlyShouldAnswerWithTheirOwnStatus() {
        assertThat(SecurityHeaders.ownStatusOfErrorPage("/error/404.xhtml")).isEqualTo(404);
        assertThat(SecurityHeaders.ownStatusOfErrorPage("/error/403.xhtml")).isEqualTo(403);
        assertThat(SecurityHeaders.ownStatusOfErrorPage("/error/expired.xhtml")).isEqualTo(400);
        assertThat(SecurityHeaders.ownStatusOfErrorPage("/error/500.xhtml")).isEqualTo(500);
        assertThat(SecurityHeaders.ownStatusOfErrorPage("/index.xhtml")).isZero();
    }
}
