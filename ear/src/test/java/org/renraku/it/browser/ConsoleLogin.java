package org.renraku.it.browser;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Logs an admin made by {@link TestDatabase#newAdmin} into the console, as a person would. */
final class ConsoleLogin {

    private ConsoleLogin() {
    }

    /** Logs in and waits for the console navigation; returns a wait of 20 s for what follows. */
    static WebDriverWait as(ChromeDriver browser, String userId) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']"))
                .sendKeys(TestDatabase.ADMIN_PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-members")));
        return wait;
    }
}
