package org.renraku.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One pipeline, one direction. A broadcast flows <b>broadcasts → delivery → bounces, answers</b>, and code
 * depends only upstream, against the flow:
 * <ul>
 * <li>{@code broadcasts} owns what is sent: the broadcast and its question ({@code AnswerKind}, {@code Survey}),
 * the message ({@code MessageComposer}, {@code DeliveryToken}, {@code VerpAddress}) and the one
 * {@code RecipientFilter} that the console's count and the job's snapshot both read. It uses none of the other
 * three;</li>
 * <li>{@code delivery} sends it: the snapshot, the {@code Delivery} rows, lanes, SMTP replies, DKIM. It uses
 * {@code broadcasts} only;</li>
 * <li>{@code bounces} owns what comes back and must not be sent to again (bounce events, suppressions,
 * unsubscribes, the policy, hygiene, test mails); {@code answers} owns answers, re-sends and the answer status of a
 * filter. Each uses {@code broadcasts} and {@code delivery}, never the other.</li>
 * </ul>
 * Where an upstream feature must make something happen downstream, it declares the contract and the downstream
 * feature fulfils it: a permanent refusal at send time is the CDI event {@code delivery.boundary.RefusedAtSend},
 * observed by {@code bounces.boundary.BouncePolicy}; the answer condition of a filter is the interface
 * {@code RecipientFilter.AnswerCondition}, implemented by {@code answers.control.AnswerStatus}.
 * <p>
 * The classes of the ejb, batch and web modules are examined together (this module's test class path holds all
 * three; test classes are left out); each feature is one slice with all its sub-packages (boundary, control,
 * entity, batch).
 */
class FeatureDirectionTest {

    private static final List<String> FEATURES = List.of("broadcasts", "delivery", "bounces", "answers");

    private static JavaClasses classes;

    @BeforeAll
    static void importAllModules() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.renraku");
    }

    @Test
    void theRuleSeesTheClassesOfEjbBatchAndWeb() {
        assertThat(classes.size()).isGreaterThan(300);
        assertThat(classes.contain("org.renraku.delivery.boundary.DeliveryRun")).as("ejb").isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("org.renraku.delivery.batch")))
                .as("batch").isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("org.renraku.web.console")))
                .as("web").isTrue();
        for (String feature : FEATURES) {
            assertThat(classes.stream().filter(c -> feature.equals(featureOf(c))).count()).as(feature)
                    .isGreaterThan(5);
        }
    }

    @Test
    void broadcastsDeliveryBouncesAndAnswersHaveNoImportCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String feature = featureOf(javaClass);
                return feature == null ? SliceIdentifier.ignore() : SliceIdentifier.of(feature);
            }

            @Override
            public String getDescription() {
                return "the features " + FEATURES;
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyFeatureDependsOnlyUpstream() {
        upstreamOnly("broadcasts", List.of("delivery", "bounces", "answers"));
        upstreamOnly("delivery", List.of("bounces", "answers"));
        upstreamOnly("bounces", List.of("answers"));
        upstreamOnly("answers", List.of("bounces"));
    }

    private static void upstreamOnly(String feature, List<String> downstream) {
        noClasses().that().resideInAPackage("org.renraku." + feature + "..")
                .should().dependOnClassesThat(DescribedPredicate.describe("belong to " + downstream,
                        (JavaClass c) -> { String f = featureOf(c); return f != null && downstream.contains(f); }))
                .because("the pipeline runs broadcasts → delivery → bounces, answers and code depends only upstream")
                .check(classes);
    }

    private static String featureOf(JavaClass c) {
        String name = c.getPackageName();
        for (String feature : FEATURES) {
            String root = "org.renraku." + feature;
            if (name.equals(root) || name.startsWith(root + ".")) {
                return feature;
            }
        }
        return null;
    }
}
