package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin opens the yearly roll-over from the console navigation, maps 1年→2年, 2年→3年, 3年→退会, looks at the
 * preview (counts, then the members page by page with masked addresses), applies it and finds it in the audit log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RollOverPageIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminPreviewsWhoChangesAppliesTheRollOverAndFindsItInTheAuditLog() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-rollover@renraku.test");
        long grade = ConsolePages.singleChoice(network, "学年", "1年", "2年", "3年");
        for (int i = 1; i <= 28; i++) {
            ConsolePages.member(network, String.format("一年 生徒%02d", i), "ichinen" + i + "@docomo.ne.jp", "ACTIVE",
                    grade, "1年");
        }
        ConsolePages.member(network, "二年 太郎", "taro.ninen@ezweb.ne.jp", "ACTIVE", grade, "2年");
        ConsolePages.member(network, "二年 花子", "hanako.ninen@gmail.com", "SUSPENDED", grade, "2年");
        ConsolePages.member(network, "三年 次郎", "jiro.sannen@i.softbank.jp", "ACTIVE", grade, "3年");
        ConsolePages.member(network, "三年 三郎", "saburo.sannen@docomo.ne.jp", "ACTIVE", grade, "3年");

        browser = Browser.start("ja");
        browser.manage().window().setSize(new Dimension(1280, 1800));
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-rollover")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rollover:mapping")));
        assertThat(browser.findElement(By.id("rollover:mapping")).getText())
                .contains("1年", "28人", "2年", "2人", "3年");
        target(0).selectByVisibleText("2年");
        target(1).selectByVisibleText("3年");
        target(2).selectByVisibleText("退会");
        Browser.screenshot(browser, "rollover-mapping");

        browser.findElement(By.id("rollover:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rollover-preview:summary")));
        assertThat(browser.findElement(By.id("rollover-preview:total")).getText()).contains("32人");
        assertThat(browser.findElement(By.id("rollover-preview:summary")).getText())
                .contains("1年", "2年", "28人").contains("3年", "退会");
        List<WebElement> rows = previewRows();
        assertThat(rows).hasSize(25);
        assertThat(rows.get(0).getText()).contains("一年 生徒01", "ic***@docomo.ne.jp", "1年", "2年");
        // nothing changed yet
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM members WHERE network_id = ? AND status = 'LEFT'", network))
                .isEqualTo("0");
        Browser.screenshot(browser, "rollover-preview");

        browser.findElement(By.cssSelector("[id='rollover-preview:members'] .ui-paginator-next")).click();
        wait.until(d -> previewRows().size() == 7);
        assertThat(previewRows().get(3).getText()).contains("二年 太郎", "ta***@ezweb.ne.jp", "3年");
        assertThat(previewRows().get(5).getText()).contains("三年 三郎", "退会");

        // back to the mapping as it was, and previewed again
        browser.findElement(By.id("rollover-preview:edit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rollover:mapping")));
        assertThat(target(0).getFirstSelectedOption().getText()).isEqualTo("2年");
        assertThat(target(2).getFirstSelectedOption().getText()).isEqualTo("退会");
        browser.findElement(By.id("rollover:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rollover-preview:apply")));

        browser.findElement(By.id("rollover-preview:apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "年度切り替えを実行しました"));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("値の変更 30人", "退会 2人", "停止 0人");
        assertThat(browser.findElement(By.id("rollover:mapping")).getText()).contains("2年", "28人", "3年", "2人");
        Browser.screenshot(browser, "rollover-applied");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM members WHERE network_id = ? AND status = 'LEFT'"
                + " AND name LIKE '三年%'", network)).isEqualTo("2");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM members WHERE network_id = ? AND status <> 'LEFT'"
                + " AND JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.\"" + grade + "\"')) = '3年'", network)).isEqualTo("2");

        browser.findElement(By.id("nav-audit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit:events")));
        assertThat(browser.findElement(By.id("audit:events")).getText())
                .contains("年度切り替え", "学年", "1年→2年 28, 2年→3年 2, 3年→LEFT 2");
    }

    private Select target(int row) {
        return new Select(browser.findElement(By.id("rollover:mapping:" + row + ":target")));
    }

    private List<WebElement> previewRows() {
        return browser.findElements(By.cssSelector("[id='rollover-preview:members'] tbody tr[data-ri]"));
    }
}
