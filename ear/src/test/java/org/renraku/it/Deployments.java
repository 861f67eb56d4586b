package org.renraku.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one way integration tests build what they deploy: the EAR exactly as Maven packaged it, and — for
 * tests that run inside Payara — a small test WAR added as one more web module of that EAR, so the tests
 * call the application's boundaries the way its own web module does.
 */
public final class Deployments {

    private static final String TEST_WAR = "renraku-tests.war";

    private Deployments() {
    }

    /**
     * What every integration test class runs against, deployed once for the whole run (the Arquillian suite
     * extension, configured in arquillian.xml): the application with the in-container tests. Browser tests run
     * as clients ({@code @RunAsClient}) against the same deployment.
     */
    @Deployment
    public static EnterpriseArchive suite() {
        return applicationWithTests();
    }

    /** The application as shipped, for tests that drive it from outside (browser, HTTP). */
    private static EnterpriseArchive application() {
        File ear = new File(System.getProperty("renraku.ear", "target/renraku.ear"));
        if (!ear.isFile()) {
            throw new IllegalStateException("No EAR at " + ear + ": run the tests through 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /** The application plus the in-container tests of this package (not its sub-packages: no browser code). */
    public static EnterpriseArchive applicationWithTests() {
        WebArchive tests = ShrinkWrap.create(WebArchive.class, TEST_WAR)
                .addPackage(Deployments.class.getPackage())
                .addAsLibrary(jarOf(Assertions.class))
                // CountingMx: SubEthaSMTP and what it needs at run time
                .addAsLibrary(jarOf(org.subethamail.smtp.server.SMTPServer.class))
                .addAsLibrary(jarOf(org.slf4j.LoggerFactory.class))
                .addAsLibrary(jarOf(com.github.davidmoten.guavamini.Preconditions.class))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        EnterpriseArchive ear = application();
        ear.addAsModule(Testable.archiveToTest(tests));
        ear.setApplicationXML(new StringAsset(withTestModule(applicationXml(ear))));
        return ear;
    }

    /** Adds the test WAR to application.xml, before library-directory as the schema's order requires. */
    static String withTestModule(String applicationXml) {
        String module = "<module><web><web-uri>" + TEST_WAR + "</web-uri><context-root>/renraku-tests</context-root>"
                + "</web></module>";
        int at = applicationXml.indexOf("<library-directory>");
        if (at < 0) {
            at = applicationXml.indexOf("</application>");
        }
        return applicationXml.substring(0, at) + module + applicationXml.substring(at);
    }

    private static String applicationXml(EnterpriseArchive ear) {
        ArchivePath path = ArchivePaths.create("META-INF/application.xml");
        try (InputStream in = ear.get(path).getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read application.xml of the EAR", e);
        }
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot locate the jar of " + type, e);
        }
    }
}
