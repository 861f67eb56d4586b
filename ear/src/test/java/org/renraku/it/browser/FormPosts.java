package org.renraku.it.browser;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What an attacker does with a console page open in the browser: opens a console URL of their own making (with
 * the session's Faces token, as Faces' own links carry it), changes the request a form posts (another id in the
 * form's address) and posts a form's button by hand to read the raw answer (a CSV download).
 */
final class FormPosts {

    private static final Pattern TOKEN = Pattern.compile("[?&](jakarta\\.faces\\.Token=[^&#\"]+)");

    private FormPosts() {
    }

    /** The session's Faces token ({@code jakarta.faces.Token=…}), read from the console navigation's links. */
    static String token(ChromeDriver browser) {
        String href = browser.findElement(By.id("nav-broadcasts")).getAttribute("href");
        Matcher m = TOKEN.matcher(href);
        if (!m.find()) {
            throw new AssertionError("No Faces token in the console navigation: " + href);
        }
        return m.group(1);
    }

    /** Opens {@code page} (e.g. /console/answers.xhtml) with {@code query} (may be empty) as a GET with the token. */
    static void open(ChromeDriver browser, String token, String page, String query) {
        browser.get(Browser.BASE_URL + page + "?" + (query.isEmpty() ? "" : query + "&") + token);
        Browser.waitFor(browser, Duration.ofSeconds(20)).until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
    }

    /** Makes every later post of the form (full page and ajax) carry {@code parameter=value} in its address. */
    static void addToFormAddress(ChromeDriver browser, String formId, String parameter, String value) {
        browser.executeScript("""
                var form = document.getElementById(arguments[0]);
                var action = form.getAttribute('action');
                form.setAttribute('action', action + (action.indexOf('?') < 0 ? '?' : '&')
                        + encodeURIComponent(arguments[1]) + '=' + encodeURIComponent(arguments[2]));""",
                formId, parameter, value);
    }

    /** Waits until PrimeFaces has no ajax request in flight or queued. */
    static void awaitAjax(ChromeDriver browser) {
        Browser.waitFor(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                "return document.readyState === 'complete' && window.PrimeFaces !== undefined"
                        + " && PrimeFaces.ajax.Queue.isEmpty()")));
    }

    /**
     * Posts the form as its (non-ajax) button {@code buttonId} would, with {@code extraQuery} (may be empty) added to
     * the form's address, and returns "content type\n" and the body decoded as {@code charset} (a WHATWG encoding
     * label: utf-8, shift_jis).
     */
    static String postButton(ChromeDriver browser, String formId, String buttonId, String extraQuery, String charset) {
        Object result = browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var charset = arguments[3];
                var form = document.getElementById(arguments[0]);
                var data = new URLSearchParams(new FormData(form));
                data.append(arguments[1], arguments[1]);
                var action = form.getAttribute('action');
                if (arguments[2]) { action += (action.indexOf('?') < 0 ? '?' : '&') + arguments[2]; }
                fetch(action, {method: 'POST', body: data, credentials: 'same-origin'})
                    .then(function (r) { return r.arrayBuffer().then(function (b) {
                        done(r.status + ' ' + r.headers.get('content-type') + '\\n' + new TextDecoder(charset).decode(b));
                    }); })
                    .catch(function (e) { done('fetch failed: ' + e); });""", formId, buttonId, extraQuery, charset);
        return String.valueOf(result);
    }
}
