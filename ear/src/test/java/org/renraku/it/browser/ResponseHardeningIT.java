package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Every response carries the same hardening headers, error responses included, and none names the server: the
 * login page (200), a missing page (404), a console page of another role and a console page without its Faces
 * token (403), an error page (500) and a post with an unknown view state (400) — each the application's own page.
 * Plain HTTP (java.net.http), as an attacker or a scanner sees it; a browser only logs in to get a session.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResponseHardeningIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void loginPageShouldCarryANonceBasedPolicyAndEveryHardeningHeader() throws Exception {
        HttpResponse<String> response = get("/", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertHardened(response);
        assertThat(csp(response)).containsPattern("script-src 'self' 'nonce-[A-Za-z0-9+/=]+'");
    }

    @Test
    void missingPageShouldAnswer404WithTheApplicationsPageAndTheSameHeaders() throws Exception {
        HttpResponse<String> response = get("/no-such-page-" + System.nanoTime() + ".xhtml", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertHardened(response);
        assertThat(response.body()).contains("ページが見つかりません").doesNotContainIgnoringCase("payara");
    }

    @Test
    void serverErrorPageShouldAnswer500WithTheSameHeaders() throws Exception {
        HttpResponse<String> response = get("/error/500.xhtml", null);
        assertThat(response.statusCode()).isEqualTo(500);
        assertHardened(response);
        assertThat(response.body()).contains("エラーが発生しました").doesNotContain("at org.", "at java.", "Exception:");
    }

    @Test
    void postWithAnUnknownViewStateShouldAnswer400WithTheExpiredPage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(Browser.BASE_URL + "/index.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=login&login%3AuserId=x&login%3Apassword=y"
                        + "&login%3Asubmit=&jakarta.faces.ViewState=-123456789%3A987654321"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertHardened(response);
        assertThat(response.body()).contains("画面の有効期限が切れました").doesNotContain("at org.", "at java.", "Exception:");
    }

    @Test
    void consolePagesWithoutTheirTokenOrOfAnotherRoleShouldAnswer403WithTheApplicationsPage() throws Exception {
        long network = TestDatabase.newNetwork("ヘッダー確認");
        String userId = TestDatabase.newAdmin(network, "鈴木 一郎", "ichiro.suzuki@renraku.test");
        browser = Browser.start("ja");
        ConsoleLogin.as(browser, userId);
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        String cookie = session.getName() + "=" + session.getValue();

        HttpResponse<String> bookmarked = get("/console/members.xhtml", cookie);
        assertThat(bookmarked.statusCode()).isEqualTo(403);
        assertHardened(bookmarked);
        assertThat(bookmarked.body()).contains("このページは開けません").doesNotContain("at org.", "at java.", "Exception:");

        HttpResponse<String> operatorPage = get("/operator/index.xhtml", cookie);
        assertThat(operatorPage.statusCode()).isEqualTo(403);
        assertHardened(operatorPage);
        assertThat(operatorPage.body()).contains("このページは開けません").doesNotContainIgnoringCase("payara");

        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(
                        URI.create(Browser.BASE_URL + "/console/members.xhtml")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("jakarta.faces.ViewState=-1%3A-2"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(400);
        assertHardened(expired);
        assertThat(expired.body()).contains("画面の有効期限が切れました");
    }

    @Test
    void memberPagesShouldNeverBeStored() throws Exception {
        for (String page : new String[] {"/member/page.xhtml?token=not-a-token", "/member/answer.xhtml?token=x",
                "/member/archive.xhtml?token=x"}) {
            HttpResponse<String> response = get(page, null);
            assertThat(response.statusCode()).as(page).isLessThan(500);
            assertHardened(response);
        }
    }

    @Test
    void staticResourcesShouldBeCacheableButOtherwiseHardened() throws Exception {
        HttpResponse<String> response = get("/resources/renraku/js/copy.js", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).doesNotContain("no-store");
        assertThat(response.headers().firstValue("Server")).isEmpty();
        assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
    }

    /** The hardening headers; no version headers. (Bodies are checked for stack-trace lines, not for the word
     * "Exception": PrimeFaces' settings script names the exception types that web.xml maps to error pages.) */
    private static void assertHardened(HttpResponse<String> response) {
        String where = response.request().method() + " " + response.uri() + " (" + response.statusCode() + ")";
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(where).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(where).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).as(where).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).as(where).hasValue("no-store");
        assertThat(response.headers().allValues("Content-Security-Policy")).as(where).hasSize(1);
        assertThat(csp(response)).as(where).contains("default-src 'self'", "object-src 'none'",
                "frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe-eval");
        assertThat(csp(response).substring(csp(response).indexOf("script-src"))).as(where).doesNotContain("unsafe-inline");
        assertThat(response.headers().firstValue("Server")).as(where).isEmpty();
        assertThat(response.headers().firstValue("X-Powered-By")).as(where).isEmpty();
    }

    private static String csp(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Security-Policy").orElse("");
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Browser.BASE_URL + path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
